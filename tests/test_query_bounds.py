"""Every page × every query-string parameter it reads × extreme values: never a 5xx.

The pages are discovered: every URL outside the admin that answers 200 to a GET, opened with
the objects of the access matrix, as every role that opens it. So are their parameters: those
the view reads from the query string (recorded while it runs), the fields of its filter forms
and the keys of its own links. Parameters read only after another choice (the dashboard's
«desde» and «hasta», once «periodo=rango») are found by trying each option of the page's
selects. A page or filter added later is walked without anyone editing this test. Run it on
PostgreSQL too: the failures differ between backends.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from unittest import mock

import django_filters
import pytest
from django.db import transaction
from django.http import QueryDict
from django.test import Client

from tests.shared_world import rolled_back_world
from tests.test_access_matrix import expectations

PERSONAS = ("encargado", "gestora", "administrativa", "psicologa", "alcaldia")

EXTREMES = [
    "0001-01-01",
    "9999-12-31",
    str(2**64),
    "99999999999999999999999",
    "-1",
    "0",
    "abc",
    "",
    "x" * 10_000,
    "1e309",
    "\x00",
    # Also: a number too long for int() to read, and a digit str.isdigit() accepts.
    "9" * 5_000,
    "²",
]

# Present in every discovery request, so that filter forms are bound and read their fields.
PROBE = "sondeo"


@contextmanager
def recording_reads():
    """The keys any query string (or form data) is asked for while the block runs."""
    keys: set[str] = set()

    def recorded(name):
        inherited = getattr(QueryDict, name)

        def read(self, key, *args, **kwargs):
            keys.add(key)
            return inherited(self, key, *args, **kwargs)

        return read

    patches = [
        mock.patch.object(QueryDict, name, recorded(name))
        for name in ("get", "getlist", "__getitem__", "__contains__")
    ]
    for patch in patches:
        patch.start()
    try:
        yield keys
    finally:
        for patch in reversed(patches):
            patch.stop()


class QueryForms(HTMLParser):
    """The field names and select options of a page's GET forms, and its links' keys."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.fields: set[str] = set()
        self.options: dict[str, set[str]] = {}
        self._in_get_form = False
        self._select = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._in_get_form = (attributes.get("method") or "get").lower() == "get"
        elif tag == "a" and attributes.get("href"):
            target, _, query = attributes["href"].partition("?")
            if query and target in ("", self.path):
                self.fields.update(QueryDict(query.split("#")[0]).keys())
        elif self._in_get_form and tag in ("input", "select", "textarea"):
            name = attributes.get("name")
            if name and name != "csrfmiddlewaretoken":
                self.fields.add(name)
            if tag == "select" and name:
                self._select = name
                self.options.setdefault(name, set())
        elif tag == "option" and self._select and attributes.get("value"):
            self.options[self._select].add(attributes["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False
        elif tag == "select":
            self._select = None


def filter_fields(response) -> set[str]:
    """The form fields of every FilterSet the page rendered."""
    contexts = response.context
    if contexts is None:
        return set()
    if not isinstance(contexts, list):
        contexts = [contexts]
    names = set()
    for context in contexts:
        for value in context.flatten().values():
            if isinstance(value, django_filters.FilterSet):
                names.update(value.form[name].html_name for name in value.form.fields)
    return names


@dataclass
class Page:
    name: str
    path: str
    # The query the page is opened with in the access matrix (a company to attach to...).
    base: dict
    roles: list[str]
    # Parameters each role's view of the page reads, whatever else is asked for.
    params: dict[str, set[str]] = field(default_factory=dict)
    # Parameters read only once a select has a given value: ({select: value}, params).
    conditional: list[tuple[dict, set[str]]] = field(default_factory=list)

    def queries(self, value: str):
        """(role, query) to ask: the Encargado and the page's first other role try every
        parameter; the other roles those only they read, and all at once."""
        seen: set[str] = set()
        for index, role in enumerate(self.roles):
            params = self.params[role]
            for param in sorted(params if index < 2 else params - seen):
                yield role, {param: value}
            if len(params) > 1:
                yield role, dict.fromkeys(params, value)
            seen |= params
        for query, params in self.conditional:
            for param in sorted(params):
                yield self.roles[0], {**query, param: value}


def reads_of(client, page: Page, query: dict) -> tuple[set[str], object]:
    with recording_reads() as keys:
        response = client.get(page.path, {**page.base, PROBE: "", **query})
    return keys - {PROBE}, response


def discover_params(clients, page: Page) -> None:
    """What each role's view of the page reads; each select's options tried by one role."""
    options: dict[str, set[str]] = {}
    read: set[str] = set()
    for role in page.roles:
        plain = clients[role].get(page.path, page.base)
        keys, bound = reads_of(clients[role], page, {})
        if role == page.roles[0]:
            read = keys
        forms = QueryForms(page.path)
        if "html" in plain.get("Content-Type", ""):
            forms.feed(plain.content.decode())
        page.params[role] = keys | forms.fields | filter_fields(plain) | filter_fields(bound)
        for select, values in forms.options.items():
            options.setdefault(select, set()).update(values)
    first = page.roles[0]
    for select, values in sorted(options.items()):
        for value in sorted(values):
            extra, _ = reads_of(clients[first], page, {select: value})
            extra -= read | {select}
            if extra:
                page.conditional.append(({select: value}, extra))


def pages_outside_the_admin(objects):
    for key, path, _get, _post in expectations(objects):
        if key.startswith("admin") or path.startswith("/admin/"):
            continue
        path, _, query = path.partition("?")
        yield key, path, QueryDict(query).dict()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with rolled_back_world(django_db_blocker, tmp_path_factory.mktemp("media")) as world:
        yield world


@pytest.fixture(scope="module")
def clients(world):
    personas, _objects = world
    by_role = {}
    for role in PERSONAS:
        by_role[role] = Client()
        by_role[role].force_login(personas[role])
    return by_role


@pytest.fixture(scope="module")
def pages(world, clients) -> list[Page]:
    _personas, objects = world
    found = []
    for name, path, base in pages_outside_the_admin(objects):
        roles = [role for role in PERSONAS if clients[role].get(path, base).status_code == 200]
        if roles:
            page = Page(name, path, base, roles)
            discover_params(clients, page)
            found.append(page)
    return found


def answer(client, path: str, query: dict) -> str:
    """'ok', or what went wrong: a 5xx or the exception the view raised."""
    try:
        # A failed statement aborts PostgreSQL's transaction: keep it to its own savepoint.
        with transaction.atomic():
            status = client.get(path, query).status_code
            if status >= 500:
                raise RuntimeError(f"HTTP {status}")
    except Exception as error:  # noqa: BLE001 - every failure is reported, not just the first
        return f"{type(error).__name__}: {str(error)[:120]}"
    return "ok"


def shown(value: str) -> str:
    return repr(value if len(value) < 20 else value[:8] + f"…({len(value)})")


@pytest.mark.django_db
def test_the_walk_finds_the_pages_and_their_filters(pages):
    by_name = {page.name: page for page in pages}

    meetings = by_name["meetings:list"]
    assert meetings.roles == ["encargado", "gestora"]
    assert {"until", "since", "park", "page"} <= meetings.params["encargado"]
    assert "company" in by_name["requests_routing:request_list"].params["administrativa"]
    assert by_name["vacancies:job_seeker_list"].roles == ["encargado", "psicologa"]
    assert by_name["requests_routing:inbox"].roles == ["encargado", "administrativa"]
    assert "alcaldia" not in by_name["companies:directory"].roles
    assert "equipo" in by_name["companies:agenda"].params["gestora"]
    assert {"q", "park", "owner"} <= by_name["companies:export"].params["encargado"]
    dashboard = by_name["dashboard"]
    assert {"periodo", "fecha", "parque"} <= dashboard.params["encargado"]
    assert ({"periodo": "rango"}, {"desde", "hasta"}) in [
        (query, params & {"desde", "hasta"}) for query, params in dashboard.conditional
    ]
    assert {"monthly_report", "monthly_report_xlsx", "calendar_feed"} <= set(by_name)


@pytest.mark.django_db
@pytest.mark.parametrize("value", EXTREMES, ids=lambda value: shown(value)[:24])
def test_no_extreme_value_breaks_a_page(clients, pages, value):
    wrong, asked = [], 0
    for page in pages:
        for role, query in page.queries(value):
            asked += 1
            got = answer(clients[role], page.path, {**page.base, **query})
            if got != "ok":
                keys = ",".join(sorted(query)) if len(query) < 4 else "todos"
                wrong.append(f"{page.name} ({role}) {keys}={shown(value)}: {got}")
    assert asked > 100
    assert not wrong, f"{len(wrong)} de {asked} consultas fallan:\n" + "\n".join(wrong)
