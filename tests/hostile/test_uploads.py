"""Every place that takes a file from a user, sent oversized, mistyped, empty or with a name
that tries to climb out of its folder.

The only upload in the web interface is the companies spreadsheet (companies/views/imports.py);
the admin shows email attachments read-only, and .eml files come in by the `import_eml`
command (tests/hostile/test_inbox_fuzz.py). The multipart body is written here byte by byte,
so the file name reaches the server exactly as given, separators included.
"""

import uuid

import pytest
from django.urls import reverse

from companies import spreadsheet
from companies.views.imports import imports_dir
from tests.hostile.conftest import client_for
from tests.hostile.support import assert_spanish, changes, snapshot

pytestmark = pytest.mark.django_db

UPLOAD = reverse("companies:import_upload")
GOOD_CSV = ";".join(spreadsheet.HEADERS).encode() + b"\r\n76.086.428-5;Bodegas del Norte SpA"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"

REFUSALS = {
    # name, content -> the start of the Spanish message the form shows
    "oversized csv": ("empresas.csv", GOOD_CSV + b" " * (5 * 1024 * 1024), "El archivo pesa"),
    "oversized xlsx": (
        "empresas.xlsx",
        b"PK\x03\x04" + b"\x00" * (5 * 1024 * 1024),
        "El archivo pesa",
    ),
    "program": ("planilla.exe", EXE, "Solo se aceptan planillas .csv o .xlsx."),
    "program with two extensions": ("empresas.csv.exe", EXE, "Solo se aceptan"),
    "old excel": ("empresas.xls", GOOD_CSV, "Solo se aceptan"),
    "macro workbook": ("empresas.xlsm", b"PK\x03\x04", "Solo se aceptan"),
    "no extension": ("empresas", GOOD_CSV, "Solo se aceptan"),
    "image renamed xlsx": ("empresas.xlsx", PNG, "El archivo no es un Excel .xlsx válido"),
    "image renamed csv": ("empresas.csv", PNG, "El archivo .csv no contiene texto legible."),
    "program renamed csv": ("empresas.csv", EXE, "El archivo .csv no contiene texto legible."),
    "pdf renamed xlsx": ("empresas.xlsx", PDF, "El archivo no es un Excel .xlsx válido"),
    "empty csv": ("empresas.csv", b"", "El archivo está vacío."),
    "empty xlsx": ("empresas.xlsx", b"", "El archivo está vacío."),
    "parent folders, wrong type": ("../../etc/passwd", b"root:x:0:0", "Solo se aceptan"),
    "windows parent folders, empty": ("..\\..\\x.xlsx", b"", "El archivo está vacío."),
    "only separators": ("../", GOOD_CSV, "Elija un archivo .csv o .xlsx."),
    "nul in the name": ("empresas\x00.exe.csv", EXE, "El archivo .csv no contiene texto"),
}
# Names that try to leave the folder but carry a good spreadsheet.
CLIMBING_NAMES = [
    "../../etc/passwd.csv",
    "..\\..\\x.csv",
    "/etc/cron.d/empresas.csv",
    "C:\\Windows\\empresas.csv",
    "....//....//empresas.csv",
    "%2e%2e%2fempresas.csv",
    "empresas\x00/../../x.csv",
]


def multipart(name: str, content: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body with the file name as given, nothing escaped."""
    boundary = uuid.uuid4().hex
    body = b"".join(
        [
            f"--{boundary}\r\n".encode(),
            b'Content-Disposition: form-data; name="file"; filename="',
            name.encode("utf-8"),
            b'"\r\nContent-Type: application/octet-stream\r\n\r\n',
            content,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    return body, f"multipart/form-data; boundary={boundary}"


def post_file(client, name: str, content: bytes):
    body, content_type = multipart(name, content)
    return client.generic("POST", UPLOAD, body, content_type=content_type)


def files_under(folder):
    return sorted(path for path in folder.rglob("*") if path.is_file())


@pytest.mark.parametrize("case", REFUSALS)
def test_a_bad_upload_is_refused_with_a_spanish_message_and_nothing_kept(
    client, gestora, private_files, case
):
    name, content, message = REFUSALS[case]
    client_for(client, gestora)
    before = snapshot()

    response = post_file(client, name, content)

    assert response.status_code == 200
    errors = response.context["form"].errors.get("file", [])
    assert errors and errors[0].startswith(message), errors
    assert_spanish(errors, {"name": name})
    assert "preview" not in response.context
    assert changes(before, snapshot()) == {}
    assert files_under(private_files) == []


@pytest.mark.parametrize("name", CLIMBING_NAMES)
def test_a_name_with_folders_is_kept_under_a_generated_name_inside_its_folder(
    client, gestora, private_files, name
):
    client_for(client, gestora)

    response = post_file(client, name, GOOD_CSV)

    assert response.status_code == 200
    assert response.context["preview"].valid_count == 1
    shown = response.context["file_name"]
    assert "/" not in shown and "\\" not in shown
    (stored,) = files_under(private_files)
    folder = imports_dir().resolve()
    assert stored.resolve().parent == folder
    assert stored.name == f"{client.session['company_import']['token']}.csv"
