"""The roll-up triggers mark the month in progress too, when a day before today is written.

The job rolls up the month in progress up to the day before yesterday (rollup_job), so those
days are read from roll-ups like a sealed month: a write to one of them must send the month
back to a live count, as a write to a sealed month does. Today's rows are counted live and
mark nothing.
"""

import importlib

from django.db import migrations

TIME_ZONE = importlib.import_module("omil_crm.migrations.0007_dashboard_rollups").TIME_ZONE


def mark_days(before: str) -> str:
    """omil_rollup_mark_days, marking the months of the days before `before` (SQL)."""
    return f"""
CREATE OR REPLACE FUNCTION omil_rollup_mark_days(days date[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO omil_crm_rollupdirtymonth (month, marked_at)
    SELECT month, clock_timestamp()
    FROM (
        SELECT DISTINCT date_trunc('month', day)::date AS month
        FROM unnest(days) AS day
        WHERE day IS NOT NULL AND day < {before}
    ) AS months
    ORDER BY month
    ON CONFLICT (month) DO UPDATE SET marked_at = EXCLUDED.marked_at;
END $$
"""


TODAY = f"(clock_timestamp() AT TIME ZONE '{TIME_ZONE}')::date"
THIS_MONTH = f"date_trunc('month', clock_timestamp() AT TIME ZONE '{TIME_ZONE}')::date"


def _replace(before: str):
    def run(apps, schema_editor):
        # The triggers are PostgreSQL's (0007); SQLite has none.
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(mark_days(before))

    return run


class Migration(migrations.Migration):
    dependencies = [("omil_crm", "0015_rollup_company_year_covering")]

    operations = [migrations.RunPython(_replace(TODAY), _replace(THIS_MONTH))]
