"""The directory's search by name (legal or trade) uses trigram indexes on PostgreSQL."""

from django.db import migrations

from companies.migration_operations import trigram_extension, trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0003_change_history"),
    ]

    operations = [
        trigram_extension(),
        trigram_index("company_legal_name_trgm", "companies_company", "legal_name"),
        trigram_index("company_trade_name_trgm", "companies_company", "trade_name"),
    ]
