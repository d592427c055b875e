"""A company's vacancies and their referrals are counted for its balance from indexes alone."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0024_follow_ups_by_company_newest"),
        ("vacancies", "0017_vacancy_status_positions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="referral",
            name="referral_board_idx",
        ),
        migrations.RemoveIndex(
            model_name="vacancy",
            name="vacancy_company_idx",
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["vacancy", "stage"],
                include=("referred_at", "id"),
                name="referral_board_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="vacancy",
            index=models.Index(
                fields=["company", "-opened_on"],
                include=("status", "positions", "id"),
                name="vacancy_company_idx",
            ),
        ),
    ]
