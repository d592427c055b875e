"""The triggers that keep the dashboard's «today» counts (omil_crm.models.StandingTally
says why; 0011 made their table).

Statement triggers on companies and service requests add, in the writer's own transaction, the
rows a statement removed (-1) and added (+1) to their keys, in one ordered upsert: concurrent
writers lock the keys in the same order, and an update that changes nothing the tallies count
writes nothing (its -1 and +1 cancel out). A company moving park moves its open requests'
per-park counts with it. `omil_tally_rebuild()` recounts everything from the tables; this
migration calls it once, and `manage.py rebuild_rollups` again.

PostgreSQL 15 or later only, like the table (required_db_features): on other databases the
dashboard counts live.
"""

from django.db import migrations

TIME_ZONE = "America/Santiago"
OPEN = "('received', 'routed', 'in_progress')"
KEY = "(counter, whole_office, park_id, department_id, day)"
UPSERT = f"""
ON CONFLICT {KEY} DO UPDATE SET value = tally.value + EXCLUDED.value"""

COMPANIES = f"""
CREATE FUNCTION omil_tally_companies(removed omil_tally_company[], added omil_tally_company[])
RETURNS void LANGUAGE sql AS $$
INSERT INTO omil_crm_standingtally AS tally {KEY[:-1]}, value)
SELECT key.counter, scope.whole_office, scope.park_id, NULL, key.day, SUM(c.sign)
FROM (
    SELECT -1 AS sign, status, park_id, last_contact_at FROM unnest(removed)
    UNION ALL
    SELECT 1, status, park_id, last_contact_at FROM unnest(added)
) AS c
CROSS JOIN LATERAL (VALUES
    ('companies', NULL::date),
    (CASE WHEN c.last_contact_at IS NULL THEN 'companies_never' ELSE 'contacted_on' END,
     (c.last_contact_at AT TIME ZONE '{TIME_ZONE}')::date)
) AS key (counter, day)
CROSS JOIN LATERAL (VALUES (true, NULL::bigint), (false, c.park_id)) AS scope (whole_office, park_id)
WHERE c.status <> 'inactive' AND (scope.whole_office OR c.park_id IS NOT NULL)
GROUP BY 1, 2, 3, 5
HAVING SUM(c.sign) <> 0
ORDER BY 1, 2, 3, 5
{UPSERT}
$$"""

# What the tallies read of a company and of a request (with its company's park).
TYPES = [
    "CREATE TYPE omil_tally_company AS (status text, park_id bigint, last_contact_at timestamptz)",
    "CREATE TYPE omil_tally_request AS"
    " (park_id bigint, department_id bigint, status text, due_date date)",
]

REQUESTS = f"""
CREATE FUNCTION omil_tally_requests(removed omil_tally_request[], added omil_tally_request[])
RETURNS void LANGUAGE sql AS $$
INSERT INTO omil_crm_standingtally AS tally {KEY[:-1]}, value)
SELECT key.counter, scope.whole_office, scope.park_id, r.department_id, key.day, SUM(r.sign)
FROM (
    SELECT -1 AS sign, * FROM unnest(removed)
    UNION ALL
    SELECT 1, * FROM unnest(added)
) AS r
CROSS JOIN LATERAL (VALUES ('requests_open', NULL::date), ('requests_due_on', r.due_date))
    AS key (counter, day)
CROSS JOIN LATERAL (VALUES (true, NULL::bigint), (false, r.park_id)) AS scope (whole_office, park_id)
WHERE r.status IN {OPEN} AND (scope.whole_office OR r.park_id IS NOT NULL)
GROUP BY 1, 2, 3, 4, 5
HAVING SUM(r.sign) <> 0
ORDER BY 1, 2, 3, 4, 5
{UPSERT}
$$"""


def _company_rows(rows: str) -> str:
    """The rows of `rows` (companies) as omil_tally_company[]."""
    return (
        "ARRAY(SELECT ROW(c.status, c.park_id, c.last_contact_at)::omil_tally_company"
        f" FROM {rows} AS c)"
    )


def _request_rows(rows: str) -> str:
    """The rows of `rows` (requests) with their company's park, as omil_tally_request[]."""
    return (
        "ARRAY(SELECT ROW(c.park_id, r.department_id, r.status, r.due_date)::omil_tally_request"
        f" FROM {rows} AS r JOIN companies_company AS c ON c.id = r.company_id)"
    )


def _moved_requests(of: str, other: str) -> str:
    """The open requests of the companies whose park differs between `of` and `other`
    (transition tables), with the park `of` gives them. EXCEPT, not a join of the two
    transition tables: they carry no statistics (see 0009)."""
    return (
        "ARRAY(SELECT ROW(moved.park_id, r.department_id, r.status, r.due_date)"
        "::omil_tally_request"
        f" FROM (SELECT id, park_id FROM {of} EXCEPT SELECT id, park_id FROM {other}) AS moved"
        " JOIN requests_routing_servicerequest AS r ON r.company_id = moved.id"
        f" WHERE r.status IN {OPEN})"
    )


BODIES = {
    ("companies_company", "insert"): (
        f"PERFORM omil_tally_companies('{{}}', {_company_rows('new_rows')});"
    ),
    ("companies_company", "delete"): (
        f"PERFORM omil_tally_companies({_company_rows('old_rows')}, '{{}}');"
    ),
    ("companies_company", "update"): (
        f"PERFORM omil_tally_companies({_company_rows('old_rows')}, {_company_rows('new_rows')});\n"
        f"    PERFORM omil_tally_requests({_moved_requests('old_rows', 'new_rows')},"
        f" {_moved_requests('new_rows', 'old_rows')});"
    ),
    ("requests_routing_servicerequest", "insert"): (
        f"PERFORM omil_tally_requests('{{}}', {_request_rows('new_rows')});"
    ),
    ("requests_routing_servicerequest", "delete"): (
        f"PERFORM omil_tally_requests({_request_rows('old_rows')}, '{{}}');"
    ),
    ("requests_routing_servicerequest", "update"): (
        f"PERFORM omil_tally_requests({_request_rows('old_rows')}, {_request_rows('new_rows')});"
    ),
}

REBUILD = f"""
CREATE FUNCTION omil_tally_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- Writers wait until the recount commits: none is counted twice or missed.
    LOCK TABLE companies_company, requests_routing_servicerequest IN SHARE MODE;
    DELETE FROM omil_crm_standingtally;
    PERFORM omil_tally_companies('{{}}', {_company_rows("companies_company")});
    PERFORM omil_tally_requests('{{}}', {
    _request_rows(f"(SELECT * FROM requests_routing_servicerequest WHERE status IN {OPEN})")
});
END $$"""


def _trigger(table: str, operation: str, body: str) -> list[str]:
    name = f"omil_tally_{table}_{operation}"
    tables = {"insert": ["NEW"], "delete": ["OLD"], "update": ["OLD", "NEW"]}[operation]
    referencing = " ".join(f"{kind} TABLE AS {kind.lower()}_rows" for kind in tables)
    return [
        f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {body}
    RETURN NULL;
END $$""",
        f"CREATE TRIGGER {name} AFTER {operation.upper()} ON {table} REFERENCING {referencing}"
        f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


def create(apps, schema_editor):
    if not schema_editor.connection.features.supports_nulls_distinct_unique_constraints:
        return
    statements = [*TYPES, COMPANIES, REQUESTS, REBUILD]
    for (table, operation), body in BODIES.items():
        statements += _trigger(table, operation, body)
    statements.append("SELECT omil_tally_rebuild()")
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if not schema_editor.connection.features.supports_nulls_distinct_unique_constraints:
        return
    for table, operation in BODIES:
        name = f"omil_tally_{table}_{operation}"
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
    for function in ("omil_tally_rebuild()", "omil_tally_requests", "omil_tally_companies"):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}")
    schema_editor.execute("DROP TYPE IF EXISTS omil_tally_request")
    schema_editor.execute("DROP TYPE IF EXISTS omil_tally_company")


class Migration(migrations.Migration):
    dependencies = [
        ("omil_crm", "0011_standing_tallies"),
        ("companies", "0021_open_follow_ups_by_due_date"),
        ("requests_routing", "0016_resolution_days_index"),
    ]

    operations = [migrations.RunPython(create, drop)]
