"""The company timeline reads a company's newest follow-ups off an index instead of sorting
all of them."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0023_park_lookup_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(
                fields=["company", "-created_at"], name="followup_company_created_idx"
            ),
        ),
    ]
