"""The companies spreadsheet import fed hypothesis-built CSV and XLSX files: random and wrong
headers, bad RUTs, formulas, huge cells, wrong encodings, junk and empty files.

Property: never a 5xx; the preview changes nothing and says in Spanish what is wrong with each
row; confirming imports every valid row of the preview or, if it fails, none.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st
from openpyxl import Workbook

from companies import spreadsheet, spreadsheet_cells
from companies.models import Sector
from tests.hostile import strategies as s
from tests.hostile.conftest import client_for, hostile
from tests.hostile.support import assert_spanish, assert_storable, changes, rolled_back, snapshot

pytestmark = pytest.mark.django_db

UPLOAD = reverse("companies:import_upload")
CONFIRM = reverse("companies:import_confirm")

FORMULAS = (
    "=1+1",
    '=HYPERLINK("http://example.invalid","ver")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "=A1",
)


def header_cells():
    """Our headers, as users mangle them, and strangers."""
    ours = st.sampled_from(spreadsheet.HEADERS)
    mangled = ours.map(str.upper) | ours.map(lambda h: f"  {h.lower()} ")
    strangers = st.sampled_from(["Comuna", "RUT empresa", "", "Razon  Social", "Email"])
    return st.one_of(ours, ours, mangled, strangers, s.hostile_text())


def cell(taken_rut, park_name):
    valid = st.one_of(
        st.integers(1_000_000, 99_999_999).map(s.valid_rut),
        st.sampled_from(s.spellings(taken_rut)),
        s.plain_text(40),
        st.sampled_from(Sector.labels),
        st.just(park_name),
        st.emails(),
        st.integers(0, 2_000_000).map(str),
        st.just("gestora"),
    )
    hostile = st.one_of(
        st.sampled_from(FORMULAS),
        st.sampled_from(sorted(spreadsheet_cells.EXCEL_ERRORS)),
        s.hostile_text(),
        st.integers(1_000_000, 99_999_999).map(lambda n: f"{n}-X"),
    )
    return st.one_of(valid, hostile, st.just(""))


@st.composite
def sheets(draw, taken_rut, park_name):
    """(header, rows): mostly our columns in any order and spelling, sometimes anything."""
    if draw(st.integers(0, 3)):
        ours = draw(st.permutations(spreadsheet.HEADERS))[: draw(st.integers(1, 10))]
        header = ["Razón social", *(h for h in ours if h != "Razón social")]
        if draw(st.booleans()):
            header = [draw(st.sampled_from([str.upper, str.lower, str.strip]))(h) for h in header]
    else:
        header = draw(st.lists(header_cells(), min_size=0, max_size=6))
    width = max(len(header), 1)
    rows = draw(
        st.lists(
            st.lists(cell(taken_rut, park_name), min_size=0, max_size=width + 2),
            min_size=0,
            max_size=6,
        )
    )
    return header, rows


def as_csv(header, rows, *, delimiter, encoding):
    lines = [header, *rows]
    text = "\r\n".join(delimiter.join(f'"{c}"' if delimiter in c else c for c in r) for r in lines)
    return text.encode(encoding, errors="replace")


def as_xlsx(header, rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        # openpyxl refuses to write control characters; write them as the _xHHHH_ escapes
        # Excel uses, which openpyxl reads back as they are.
        sheet.append(
            [
                "".join(
                    f"_x{ord(ch):04X}_" if ord(ch) < 32 and ch not in "\t\n\r" else ch for ch in c
                )
                for c in row
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@st.composite
def spreadsheet_files(draw, taken_rut, park_name):
    """(file name, bytes): a CSV in some encoding, an XLSX, or junk under either name."""
    kind = draw(st.sampled_from(["csv", "csv", "xlsx", "xlsx", "junk"]))
    if kind == "junk":
        name = draw(st.sampled_from(["empresas.csv", "empresas.xlsx"]))
        content = draw(
            st.one_of(
                st.binary(max_size=200),
                st.just(b""),
                st.just(b"PK\x03\x04" + b"\x00" * 40),
                st.just("\ufeffRazón social\r\n".encode("utf-16")),
            )
        )
        event(f"junk {name[-4:]}")
        return name, content
    header, rows = draw(sheets(taken_rut, park_name))
    if kind == "xlsx":
        content = as_xlsx(header, rows)
        if draw(st.booleans()) and draw(st.booleans()):
            content = content[: draw(st.integers(0, len(content)))]  # truncated download
        return "empresas.xlsx", content
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]))
    return "empresas.csv", as_csv(header, rows, delimiter=delimiter, encoding=encoding)


def preview_errors_are_spanish(preview):
    for row in preview.rows:
        if row.errors:
            assert_spanish(row.errors, row.values)


@hostile(max_examples=60)
@given(data=st.data())
def test_no_spreadsheet_breaks_the_import(client, gestora, company, park, data):
    name, content = data.draw(spreadsheet_files(company.rut, park.name))
    with rolled_back():
        client_for(client, gestora)
        before = snapshot()
        response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200
        assert changes(before, snapshot()) == {}, "the preview saved something"
        preview = response.context.get("preview")
        if preview is None:
            event(f"file refused: {response.context['form'].errors['file'][0][:50]}")
            assert_spanish(response.context["form"].errors["file"], {})
            return
        preview_errors_are_spanish(preview)
        if not response.context["token"]:
            event("preview without valid rows")
            return
        valid = preview.valid_count
        confirmed = client.post(CONFIRM, {"token": response.context["token"]})
        assert confirmed.status_code == 302
        changed = changes(before, snapshot())
        if confirmed.url == reverse("companies:directory"):
            event("imported")
            imported = changed["companies.Company"]
            assert len(imported) == valid, "every valid row of the preview is imported"
            assert_storable(changed)
        else:
            event("import refused")
            assert changed == {}, "a refused import saved something"
            errors = [m.message for m in confirmed.wsgi_request._messages]
            assert_spanish(errors, {})
