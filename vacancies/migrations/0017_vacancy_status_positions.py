"""The list of vacancies sums its positions from the status index alone."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0023_park_lookup_indexes"),
        ("vacancies", "0016_park_lookup_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="vacancy",
            name="vacancy_status_idx",
        ),
        migrations.AddIndex(
            model_name="vacancy",
            index=models.Index(
                fields=["status", "-opened_on"], include=("positions",), name="vacancy_status_idx"
            ),
        ),
    ]
