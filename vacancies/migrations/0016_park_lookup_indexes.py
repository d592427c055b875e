"""Covering indexes for the dashboard's lookups of a row's park through its vacancy and company."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0023_park_lookup_indexes"),
        ("vacancies", "0015_inclusion_ley_21015"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["id"], include=("vacancy",), name="referral_vacancy_lookup_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="vacancy",
            index=models.Index(
                fields=["id"], include=("company",), name="vacancy_company_lookup_idx"
            ),
        ),
    ]
