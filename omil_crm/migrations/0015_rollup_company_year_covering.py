"""The index of each company's yearly row carries what the dashboard reads off it."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("omil_crm", "0014_rollup_partial_months"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="monthlyrollup",
            name="rollup_company_year_idx",
        ),
        migrations.AddIndex(
            model_name="monthlyrollup",
            index=models.Index(
                condition=models.Q(("grain", "company_year")),
                fields=["company_id", "month"],
                include=("park_id", "value"),
                name="rollup_company_year_idx",
            ),
        ),
    ]
