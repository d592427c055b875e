"""The roll-ups' main index carries the columns the dashboard reads (index-only scans)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("omil_crm", "0012_standing_tally_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="monthlyrollup",
            name="rollup_grain_month_idx",
        ),
        migrations.AddIndex(
            model_name="monthlyrollup",
            index=models.Index(
                fields=["grain", "whole_office", "month", "counter"],
                include=("park_id", "staff", "department_id", "value"),
                name="rollup_grain_month_idx",
            ),
        ),
    ]
