"""A company's planned visits, soonest first, read from an index of their own."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0021_open_follow_ups_by_due_date"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(
                condition=models.Q(("status", "planned")),
                fields=["company", "planned_for", "id"],
                name="visit_company_planned_idx",
            ),
        ),
    ]
