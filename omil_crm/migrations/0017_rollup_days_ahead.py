"""The month in progress is rolled up again from two days after today to its end, and the
roll-up triggers mark it when one of its days after today is written.

Rows dated ahead in the month in progress (a placement starting next week, a workshop
planned for the 20th) were counted live on every dashboard computation: at 3× the benchmark
data, 753 placements of December against some sixty a day. The job now stores those days
with the closed ones (rollup_job.wanted_partials), so a write to one of them must send the
month back to a live count, as a write to a closed day does. Today's rows still mark
nothing, and days of later months neither: no roll-up holds them. The index the dashboard
reads the roll-ups by carries the partial months' days, so their rows are read from it alone.
"""

import importlib

from django.conf import settings
from django.db import migrations, models

day_marks = importlib.import_module("omil_crm.migrations.0016_rollup_mark_days_before_today")
TODAY = day_marks.TODAY
NEXT_MONTH = (
    f"(date_trunc('month', clock_timestamp() AT TIME ZONE '{day_marks.TIME_ZONE}')"
    " + interval '1 month')::date"
)


def _replace(marked: str):
    def run(apps, schema_editor):
        # The triggers are PostgreSQL's (0007); SQLite has none.
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_mark_days(marked))

    return run


def _mark_days(marked: str) -> str:
    """omil_rollup_mark_days with its condition on the day replaced by `marked`."""
    before = day_marks.mark_days(TODAY)
    condition = f"day < {TODAY}"
    assert condition in before
    return before.replace(condition, marked)


class Migration(migrations.Migration):
    dependencies = [
        ("omil_crm", "0016_rollup_mark_days_before_today"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="monthlyrollup",
            name="resume_day",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="desde el día"
            ),
        ),
        # The partial months' days are read with every row of them: in the index too.
        migrations.RemoveIndex(model_name="monthlyrollup", name="rollup_grain_month_idx"),
        migrations.AddIndex(
            model_name="monthlyrollup",
            index=models.Index(
                fields=["grain", "whole_office", "month", "counter"],
                include=[
                    "park_id",
                    "staff",
                    "department_id",
                    "value",
                    "through_day",
                    "resume_day",
                ],
                name="rollup_grain_month_idx",
            ),
        ),
        migrations.RunPython(
            _replace(f"(day < {TODAY} OR (day > {TODAY} AND day < {NEXT_MONTH}))"),
            _replace(f"day < {TODAY}"),
        ),
    ]
