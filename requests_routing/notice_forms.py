from django import forms

from omil_crm.base.formtools import ConstraintErrorsNextToFields
from requests_routing import notices
from requests_routing.models import NoticeTemplate, RequestCategory


class NoticeTemplateForm(ConstraintErrorsNextToFields, forms.ModelForm):
    """The kind is fixed by the page (its placeholders depend on it); the category is chosen
    when the template is created and fixed afterwards."""

    class Meta:
        model = NoticeTemplate
        fields = ["kind", "category", "subject", "body"]
        widgets = {
            "subject": forms.TextInput(attrs={"maxlength": 200}),
            "body": forms.Textarea(attrs={"rows": 16}),
        }
        help_texts = {
            "subject": "Una sola línea; la referencia [{referencia}] se agrega si falta.",
            "body": "Texto simple; una línea en blanco separa los párrafos.",
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].disabled = True
        self.fields["kind"].initial = kind
        self.fields["kind"].widget = forms.HiddenInput()
        category = self.fields["category"]
        category.queryset = RequestCategory.objects.order_by("name")
        category.empty_label = "Todas las categorías"
        if self.instance.pk:
            category.disabled = True

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        subject, body = cleaned.get("subject"), cleaned.get("body")
        if kind and subject is not None and body is not None:
            try:
                notices.validate(kind, subject=subject, body=body)
            except forms.ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        return cleaned
