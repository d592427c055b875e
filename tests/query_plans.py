"""The plans PostgreSQL makes for a piece of code's queries, to check an index serves them.

On a test's few rows a table is read whole whatever the indexes; turning off the plans that
do not need one (a sequential scan, or also a walk down a whole index testing each row)
leaves the plans an index could serve, and shows whether one can.
"""

from django.db import connection


def plans_of(call, *, turned_off=("seqscan",), keep=lambda sql: True):
    """What `call()` returns, and the plan of each query it runs whose SQL `keep` accepts,
    with the `enable_<name>` settings in `turned_off` off for the test's transaction."""
    plans = []

    def explain(execute, sql, params, many, context):
        if not sql.startswith("EXPLAIN") and keep(sql):  # the EXPLAIN itself passes here too
            context["cursor"].execute(f"EXPLAIN {sql}", params)
            plans.append("\n".join(row[0] for row in context["cursor"].fetchall()))
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        for name in turned_off:
            cursor.execute(f"SET LOCAL enable_{name} = off")
    with connection.execute_wrapper(explain):
        found = call()
    return found, plans
