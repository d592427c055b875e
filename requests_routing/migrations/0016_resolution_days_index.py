"""The dashboard's percentiles of days to resolution read, for a department and a number of
whole days, only the period's requests resolved in that many days (omil_crm.dashboard
.percentiles): this index holds them side by side. Its expression must stay the one of
percentiles.ResolutionDays. PostgreSQL only: SQLite counts the percentiles otherwise."""

from django.db import migrations

from companies.migration_operations import PostgreSQLOnlySQL


class Migration(migrations.Migration):
    dependencies = [
        ("requests_routing", "0015_covering_overdue_index"),
    ]

    operations = [
        PostgreSQLOnlySQL(
            'CREATE INDEX IF NOT EXISTS "request_resolution_days_idx"'
            ' ON "requests_routing_servicerequest" ('
            '"department_id",'
            ' ((FLOOR(EXTRACT(EPOCH FROM ("resolved_at" - "received_at")) / 86400))::integer),'
            ' "resolved_at", "received_at", "company_id")'
            ' WHERE "resolved_at" IS NOT NULL',
            reverse_sql='DROP INDEX IF EXISTS "request_resolution_days_idx"',
        ),
    ]
