"""Ranking candidates for a vacancy searches skills and experience in Spanish full text; on
PostgreSQL a GIN index on the same expression the query uses serves it."""

from django.db import migrations

from companies.migration_operations import PostgreSQLOnlySQL


class Migration(migrations.Migration):
    dependencies = [
        ("vacancies", "0007_comunas_from_the_official_list"),
    ]

    operations = [
        PostgreSQLOnlySQL(
            'CREATE INDEX IF NOT EXISTS "jobseeker_fit_text_idx" ON "vacancies_jobseeker" '
            "USING gin ((setweight(to_tsvector('spanish'::regconfig, "
            "COALESCE(\"skills\", '')), 'A') || setweight(to_tsvector('spanish'::regconfig, "
            "COALESCE(\"experience\", '')), 'B')))",
            reverse_sql='DROP INDEX IF EXISTS "jobseeker_fit_text_idx"',
        ),
    ]
