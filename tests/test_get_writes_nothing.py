"""No GET changes data: every URL of the project, as every role and anonymously, is requested
with GET while every SQL statement is captured; none may write, except to the tables below.
Each POST form a page shows is also sent as a GET (its fields in the query string), which
catches a view that acts on `request.GET` or does not look at the method.

The URLs and the objects their paths point to come from the access matrix, so a page added
later is walked without anyone editing this test.
"""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.shared_world import rolled_back_world
from tests.test_access_matrix import ROLES, expectations

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)

# What a GET may write, and why. Everything else is a state change and fails the walk.
ALLOWED_WRITES = {
    # Logging in, out and the messages shown once live in the session.
    "django_session": re.compile(r".*", re.DOTALL),
    # Reading a psycho-labour evaluation (sensitive data) is recorded at the moment of the
    # reading; a log that waited for a POST would miss the reads (vacancies/services.py).
    "vacancies_evaluationread": re.compile(r"^\s*INSERT\b", re.IGNORECASE),
    # So is the reading of inclusion data (Ley 21.015; vacancies/inclusion_services.py).
    "vacancies_inclusionread": re.compile(r"^\s*INSERT\b", re.IGNORECASE),
    # When a calendar address was last read, so its owner notices a leaked address: the use
    # of a credential, like a login's last_login (omil_crm/calendar/feeds.py).
    "omil_crm_calendarfeedtoken": re.compile(
        r'^\s*UPDATE\s+"?omil_crm_calendarfeedtoken"?\s+SET\s+"?last_used_at"?\s*=[^,]*?\s+WHERE\b',
        re.IGNORECASE,
    ),
    # The lock-out's own records of login attempts.
    "axes_accessattempt": re.compile(r".*", re.DOTALL),
    "axes_accesslog": re.compile(r".*", re.DOTALL),
    "axes_accessfailurelog": re.compile(r".*", re.DOTALL),
}


def forbidden_writes(queries) -> list[str]:
    found = []
    for query in queries:
        match = WRITE.match(query["sql"])
        if match is None:
            continue
        allowed = ALLOWED_WRITES.get(match[1])
        if allowed is None or not allowed.match(query["sql"]):
            found.append(query["sql"][:160])
    return found


class PostForms(HTMLParser):
    """Each POST form of a page as (action, the fields a click on its first button sends)."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict]] = []
        self._fields = None
        self._action = ""
        self._select = None
        self._pressed = False

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        name = attributes.get("name")
        if tag == "form" and attributes.get("method", "").lower() == "post":
            self._fields, self._action, self._pressed = {}, attributes.get("action", ""), False
        elif self._fields is None or not name or name == "csrfmiddlewaretoken":
            return
        elif tag == "button" and not self._pressed:
            self._fields[name], self._pressed = attributes.get("value", ""), True
        elif tag == "input" and attributes.get("type") not in ("submit", "button", "file"):
            kind = attributes.get("type", "text")
            typed = {"checkbox": "on", "radio": "on", "hidden": ""}.get(kind, "Prueba")
            value = attributes.get("value") or typed
            self._fields.setdefault(name, value)
        elif tag == "textarea":
            self._fields.setdefault(name, "Prueba")
        elif tag == "select":
            self._select = name
        if tag == "option" and self._select and attributes.get("value"):
            self._fields.setdefault(self._select, attributes["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._fields is not None:
            self.forms.append((self._action, self._fields))
            self._fields = None


def post_forms_as_gets(path: str, response) -> list[tuple[str, dict]]:
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = PostForms()
    parser.feed(response.content.decode())
    return [
        (action or path, fields)
        for action, fields in parser.forms
        if not action or action.startswith("/")
    ]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with rolled_back_world(django_db_blocker, tmp_path_factory.mktemp("media")) as world:
        yield world


def test_a_write_on_get_is_caught():
    queries = [
        {"sql": 'INSERT INTO "vacancies_datasubjectrequest" ("kind") VALUES (%s)'},
        {"sql": 'UPDATE "omil_crm_calendarfeedtoken" SET "revoked_at" = %s WHERE 1'},
        {
            "sql": 'UPDATE "omil_crm_calendarfeedtoken" SET "last_used_at" = '
            "'2026-12-01 19:45:13.561523' WHERE (\"id\" = 1)"
        },
        {"sql": 'INSERT INTO "vacancies_evaluationread" ("reader_id") VALUES (%s)'},
        {"sql": 'SELECT "id" FROM "vacancies_datasubjectrequest"'},
    ]

    assert forbidden_writes(queries) == [queries[0]["sql"], queries[1]["sql"]]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_get_changes_data(world, role):
    personas, objects = world
    client = Client()
    if role != "anonymous":
        client.force_login(personas[role])
    wrong, walked, sent = [], 0, set()
    for key, path, _get, _post in expectations(objects):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        walked += 1
        for sql in forbidden_writes(captured.captured_queries):
            wrong.append(f"GET {key} {path}: {sql}")
        for action, fields in post_forms_as_gets(path, response):
            if (action, tuple(sorted(fields.items()))) in sent:
                continue
            sent.add((action, tuple(sorted(fields.items()))))
            with CaptureQueriesContext(connection) as captured:
                client.get(action, fields)
            walked += 1
            for sql in forbidden_writes(captured.captured_queries):
                wrong.append(f"GET {key} {action} {sorted(fields)}: {sql}")
    assert walked > 100
    assert not wrong, f"{len(wrong)} escrituras en GET / writes on GET:\n" + "\n".join(wrong)
