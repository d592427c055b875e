"""A company's requests are counted for its balance from the company index alone."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0024_follow_ups_by_company_newest"),
        ("requests_routing", "0016_resolution_days_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="servicerequest",
            name="request_company_idx",
        ),
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(
                fields=["company", "-received_at"],
                include=("resolved_at", "id"),
                name="request_company_idx",
            ),
        ),
    ]
