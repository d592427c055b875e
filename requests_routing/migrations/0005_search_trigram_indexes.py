"""The request list's search by subject uses a trigram index on PostgreSQL."""

from django.db import migrations

from companies.migration_operations import trigram_extension, trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("requests_routing", "0004_change_history"),
    ]

    operations = [
        trigram_extension(),
        trigram_index("request_subject_trgm", "requests_routing_servicerequest", "subject"),
    ]
