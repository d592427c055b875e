"""Covering indexes for the dashboard's lookups of a row's park through its vacancy and company."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0022_planned_visits_by_company"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="company",
            index=models.Index(fields=["id"], include=("park",), name="company_park_lookup_idx"),
        ),
    ]
