"""Spreadsheet import of companies (CSV or XLSX): upload, preview, confirm, template.

The uploaded file waits on the server between the preview and the confirmation, named by a
random token that only the uploader's session knows, so nobody else can confirm it and the
confirmation imports exactly the file that was previewed (validated again, since the data may
have changed meanwhile). The rules live in companies/spreadsheet.py and
companies/spreadsheet_reader.py.
"""

import logging
import time
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from companies import spreadsheet, spreadsheet_errors, spreadsheet_template
from companies.spreadsheet import SpreadsheetError

logger = logging.getLogger(__name__)

IMPORT_PERMISSIONS = ("companies.add_company", "companies.change_company")
SESSION_KEY = "company_import"
STALE_AFTER_SECONDS = 24 * 60 * 60
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Planilla de empresas",
        help_text=(
            "Archivo .csv (separado por «;» o «,») o Excel .xlsx. Los encabezados pueden estar "
            "bajo filas de título y usar los nombres de columna habituales."
        ),
        error_messages={
            "required": "Elija un archivo .csv o .xlsx.",
            "empty": spreadsheet.EMPTY_FILE,
            "invalid": "No se recibió un archivo. Elíjalo de nuevo.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            spreadsheet.check_upload(name=upload.name, size=upload.size)
        except SpreadsheetError as error:
            raise ValidationError(str(error)) from error
        return upload


def imports_dir() -> Path:
    # Outside MEDIA_ROOT: a pending spreadsheet is never served, not even in development.
    return Path(settings.VAR_DIR) / "pending-imports"


def pending_path(pending: dict) -> Path:
    # Both parts come from the session, never from the request: the token is a uuid4 we made
    # and the extension one of the allowed ones.
    return imports_dir() / f"{pending['token']}.{pending['extension']}"


def keep_upload(request: HttpRequest, name: str, content: bytes) -> str:
    """Store the file for the confirmation step; a new upload replaces the previous one."""
    forget_upload(request)
    purge_stale_uploads()
    pending = {
        "token": uuid.uuid4().hex,
        "extension": spreadsheet.extension_of(name),
        "name": name,
    }
    imports_dir().mkdir(parents=True, exist_ok=True)
    pending_path(pending).write_bytes(content)
    request.session[SESSION_KEY] = pending
    return pending["token"]


def forget_upload(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        pending_path(pending).unlink(missing_ok=True)


def purge_stale_uploads() -> None:
    """Previews nobody confirmed would otherwise stay on disk forever."""
    if not imports_dir().is_dir():
        return
    limit = time.time() - STALE_AFTER_SECONDS
    for path in imports_dir().iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "companies/import_upload.html", {"form": ImportUploadForm()})
    form = ImportUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            preview = spreadsheet.load_rows(name=upload.name, content=content)
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            # Kept for the confirmation, or for the workbook of the rows with errors.
            wanted = preview.valid_count or preview.error_count
            token = keep_upload(request, upload.name, content) if wanted else ""
            context = {"preview": preview, "token": token, "file_name": upload.name}
            return render(request, "companies/import_preview.html", context)
    return render(request, "companies/import_upload.html", {"form": form})


@require_POST
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_confirm(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(SESSION_KEY)
    if not pending or request.POST.get("token") != pending["token"]:
        messages.error(
            request,
            "Esa importación ya no está disponible (se confirmó, se reemplazó por otra o es de "
            "otra persona). Suba la planilla de nuevo.",
        )
        return redirect("companies:import_upload")
    try:
        content = pending_path(pending).read_bytes()
        preview = spreadsheet.load_rows(name=pending["name"], content=content)
        result = spreadsheet.companies_import(
            rows=preview.rows, acting_user=request.user, file_name=pending["name"]
        )
    except FileNotFoundError:
        return failed(request, "La planilla subida ya no está en el servidor.")
    except SpreadsheetError as error:
        return failed(request, str(error))
    except ValidationError as error:
        return failed(request, " ".join(error.messages))
    except DatabaseError:
        logger.exception("Company import failed in the database")
        return failed(
            request,
            "La base de datos rechazó los cambios; puede que otra persona estuviera modificando "
            "las mismas empresas.",
        )
    finally:
        forget_upload(request)
    if not result.total:
        return failed(request, "La planilla ya no tiene filas válidas.")
    messages.success(request, success_message(result))
    return redirect("companies:directory")


def failed(request: HttpRequest, reason: str) -> HttpResponse:
    messages.error(request, f"No se importó ninguna empresa. {reason} Suba la planilla de nuevo.")
    return redirect("companies:import_upload")


def success_message(result: spreadsheet.ImportResult) -> str:
    def count(number: int, singular: str, plural: str) -> str:
        return f"{number} {singular if number == 1 else plural}"

    verb = "Se importó" if result.total == 1 else "Se importaron"
    return (
        f"{verb} {count(result.total, 'empresa', 'empresas')} "
        f"({count(result.created, 'nueva', 'nuevas')}, "
        f"{count(result.updated, 'actualizada', 'actualizadas')})."
    )


@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(spreadsheet_template.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="plantilla-empresas.xlsx"'
    return response


@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def import_errors(request: HttpRequest) -> HttpResponse:
    """The rows with errors of the upload being previewed, as a workbook to fix and upload
    again. The file is read and checked again, as on confirming: nothing is stored for it."""
    pending = request.session.get(SESSION_KEY)
    if not pending or request.GET.get("token") != pending["token"]:
        return redirect("companies:import_upload")
    try:
        content = pending_path(pending).read_bytes()
        preview = spreadsheet.load_rows(name=pending["name"], content=content)
    except (FileNotFoundError, SpreadsheetError):
        return redirect("companies:import_upload")
    workbook = spreadsheet_errors.errors_workbook(preview, file_name=pending["name"])
    stem = Path(pending["name"]).stem or "planilla"
    response = HttpResponse(workbook, content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="filas-con-error-{slugify(stem) or "planilla"}.xlsx"'
    )
    return response
