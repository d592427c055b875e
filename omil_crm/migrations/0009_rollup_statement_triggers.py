"""The roll-up triggers of 0007, once per statement instead of once per row.

A row trigger upserted the same dirty-month row once for every row written: a COPY or a
bulk import of many back-dated rows updated that one row thousands of times in a single
transaction, each update leaving a version the next had to step over, so the cost grew with
the square of the rows (seeding the benchmark's 500,000 visits never finished). A statement
trigger sees all the rows of a statement at once, through its transition tables, and marks
each month they touch once. Same months marked, in the writer's own transaction.

Whether an update moved rows to another company or park is asked with EXCEPT, which hashes
or sorts the two transition tables, never with a join on them: they carry no statistics, and
the planner's guess made a join of the 60,000 companies a nested loop of minutes.
"""

import importlib

from django.db import migrations

rollups_0007 = importlib.import_module("omil_crm.migrations.0007_dashboard_rollups")
SOURCES = rollups_0007.SOURCES
TIME_ZONE = rollups_0007.TIME_ZONE
OPERATIONS = ("insert", "update", "delete")

# Marks, once each and in order (concurrent writers lock them in the same order), the months
# of `days` that are over. DO UPDATE, not DO NOTHING: the row lock orders this write with the
# job that clears the mark.
MARK_DAYS = f"""
CREATE OR REPLACE FUNCTION omil_rollup_mark_days(days date[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO omil_crm_rollupdirtymonth (month, marked_at)
    SELECT month, clock_timestamp()
    FROM (
        SELECT DISTINCT date_trunc('month', day)::date AS month
        FROM unnest(days) AS day
        WHERE day IS NOT NULL
          AND day < date_trunc('month', clock_timestamp() AT TIME ZONE '{TIME_ZONE}')::date
    ) AS months
    ORDER BY month
    ON CONFLICT (month) DO UPDATE SET marked_at = EXCLUDED.marked_at;
END $$
"""

# A company moving park changes which park every month of its history counted for.
COMPANY = """
CREATE OR REPLACE FUNCTION omil_rollup_company() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT id, park_id FROM new_rows EXCEPT SELECT id, park_id FROM old_rows) THEN
        PERFORM omil_rollup_mark_all();
    END IF;
    RETURN NULL;
END $$
---
CREATE TRIGGER omil_rollup_company AFTER UPDATE ON companies_company
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION omil_rollup_company()
"""


def _days(table: str, rows: str) -> str:
    """Every day the rows of `rows` (a transition table) count on, as one array."""
    selects = [
        f"SELECT {day.format(row='r', tz=TIME_ZONE)} FROM {rows} AS r"
        for source, day, _links in SOURCES
        if source == table
    ]
    return "ARRAY(" + " UNION ALL ".join(selects) + ")"


def _relinked(table: str) -> str:
    columns = [column for source, _day, links in SOURCES if source == table for column in links]
    if not columns:
        return ""
    selected = ", ".join(["id", *columns])
    return f"""
    IF EXISTS (SELECT {selected} FROM new_rows EXCEPT SELECT {selected} FROM old_rows) THEN
        PERFORM omil_rollup_mark_all();
    END IF;"""


def _table_triggers(table: str) -> str:
    bodies = {
        "insert": (f"PERFORM omil_rollup_mark_days({_days(table, 'new_rows')});", "NEW"),
        "delete": (f"PERFORM omil_rollup_mark_days({_days(table, 'old_rows')});", "OLD"),
        "update": (
            f"PERFORM omil_rollup_mark_days({_days(table, 'old_rows')}"
            f" || {_days(table, 'new_rows')});{_relinked(table)}",
            "OLD NEW",
        ),
    }
    statements = []
    for operation in OPERATIONS:
        body, tables = bodies[operation]
        referencing = " ".join(f"{kind} TABLE AS {kind.lower()}_rows" for kind in tables.split())
        name = f"omil_rollup_{table}_{operation}"
        statements.append(f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {body}
    RETURN NULL;
END $$
---
CREATE TRIGGER {name} AFTER {operation.upper()} ON {table}
REFERENCING {referencing}
FOR EACH STATEMENT EXECUTE FUNCTION {name}()
""")
    return "---".join(statements)


def _tables() -> list[str]:
    return list(dict.fromkeys(table for table, _day, _links in SOURCES))


def _execute(schema_editor, script: str) -> None:
    for statement in script.split("\n---\n"):
        schema_editor.execute(statement)


def _drop_row_triggers(schema_editor) -> None:
    for table in _tables():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS omil_rollup_{table} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS omil_rollup_{table}()")
    schema_editor.execute("DROP TRIGGER IF EXISTS omil_rollup_company ON companies_company")


def statement_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _drop_row_triggers(schema_editor)
    script = "---".join([MARK_DAYS, COMPANY, *(_table_triggers(table) for table in _tables())])
    _execute(schema_editor, script)


def row_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in _tables():
        for operation in OPERATIONS:
            name = f"omil_rollup_{table}_{operation}"
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
    schema_editor.execute("DROP TRIGGER IF EXISTS omil_rollup_company ON companies_company")
    schema_editor.execute("DROP FUNCTION IF EXISTS omil_rollup_mark_days(date[])")
    rollups_0007.create_triggers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("omil_crm", "0008_dashboard_company_ranges")]

    operations = [migrations.RunPython(statement_triggers, row_triggers)]
