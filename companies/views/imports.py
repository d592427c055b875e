"""Spreadsheet import of companies (CSV or XLSX): upload, preview, confirm, template."""

from django.http import Http404


def import_upload(request):
    raise Http404


def import_confirm(request):
    raise Http404


def import_template(request):
    raise Http404
