"""The forms a company fills on the portal about its requests."""

from django import forms
from django.conf import settings

from requests_routing.mail import size_label
from requests_routing.models import RequestCategory
from requests_routing.portal_intake import (
    COMMENT_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    UploadedFile,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list of UploadedFile, read only once each
    passed the size caps (a large upload is never read into memory)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data or []) if upload]
        if len(uploads) > settings.PORTAL_MAX_FILES:
            raise forms.ValidationError(
                f"Adjunte como máximo {settings.PORTAL_MAX_FILES} archivos.", code="too_many"
            )
        total, files = 0, []
        for upload in uploads:
            name = (upload.name or "archivo")[-255:]
            if upload.size == 0:
                raise forms.ValidationError(f"«{name}» está vacío.", code="empty")
            if upload.size > settings.INBOX_MAX_ATTACHMENT_BYTES:
                limit = size_label(settings.INBOX_MAX_ATTACHMENT_BYTES)
                raise forms.ValidationError(
                    f"«{name}» pesa más de {limit}, el máximo por archivo.", code="too_large"
                )
            total += upload.size
            if total > settings.INBOX_MAX_MESSAGE_BYTES:
                limit = size_label(settings.INBOX_MAX_MESSAGE_BYTES)
                raise forms.ValidationError(
                    f"Los archivos suman más de {limit}, el máximo.", code="too_large"
                )
            files.append(
                UploadedFile(
                    filename=name,
                    content_type=upload.content_type or "application/octet-stream",
                    content=upload.read(),
                )
            )
        return files


class PortalRequestForm(forms.Form):
    category = forms.ModelChoiceField(
        label="Categoría",
        queryset=RequestCategory.objects.filter(is_active=True).order_by("name"),
        empty_label="Elija una categoría",
        help_text="Según la categoría, la OMIL la deriva al departamento que corresponde.",
    )
    subject = forms.CharField(label="Asunto", max_length=200)
    description = forms.CharField(
        label="Descripción",
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Qué pasa, desde cuándo y qué necesita.",
    )
    place = forms.CharField(
        label="Lugar",
        max_length=200,
        required=False,
        help_text="Dirección o punto de referencia, si corresponde.",
    )
    files = MultipleFileField(
        label="Fotos y archivos",
        help_text=(
            f"Hasta {settings.PORTAL_MAX_FILES} archivos de hasta "
            f"{size_label(settings.INBOX_MAX_ATTACHMENT_BYTES)} cada uno. Programas, "
            "scripts y documentos con macros se guardan pero no se reenvían."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs["accept"] = "image/*,.pdf,.doc,.docx,.xls,.xlsx,.txt"


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Comentario",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="La OMIL lo lee en la solicitud y le responde por aquí o por correo.",
    )
