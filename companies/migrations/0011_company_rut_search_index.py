"""The company picker of «Nueva solicitud» looks for a RUT typed in part: a trigram index on
PostgreSQL, beside those of the legal and trade names, keeps it off a full table scan."""

from django.db import migrations

from companies.migration_operations import trigram_extension, trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0010_park_change_history"),
    ]

    operations = [
        trigram_extension(),
        trigram_index("company_rut_trgm", "companies_company", "rut"),
    ]
