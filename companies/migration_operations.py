"""Migration operations that exist only on PostgreSQL.

Trigram (pg_trgm) GIN indexes make the lists' "contains" searches use an index instead of
reading whole tables. SQLite, used by the local test run, has neither the extension nor GIN
indexes; there these operations do nothing and the searches stay plain scans of small tables.
"""

from django.db import migrations


class PostgreSQLOnlySQL(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL and is skipped on any other database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_extension() -> PostgreSQLOnlySQL:
    """pg_trgm, kept when migrating backwards: other apps' indexes may still use it."""
    return PostgreSQLOnlySQL(
        "CREATE EXTENSION IF NOT EXISTS pg_trgm", reverse_sql=migrations.RunSQL.noop
    )


def trigram_index(name: str, table: str, column: str) -> PostgreSQLOnlySQL:
    """A GIN trigram index on UPPER(column): the expression Django's icontains compares."""
    return PostgreSQLOnlySQL(
        f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (UPPER("{column}") '
        "gin_trgm_ops)",
        reverse_sql=f'DROP INDEX IF EXISTS "{name}"',
    )
