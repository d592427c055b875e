"""The filter boxes of the list pages, written in Python with the markup crispy-forms'
Bootstrap 5 field template gives them.

Through that template (a dozen nested templates per box) each filter costs about half a
millisecond, and a list shows up to a dozen: more than its fifty rows. The plain boxes of a
filter form (text, number, date, select) with no error, help text or required mark are written
here; anything else still goes through crispy-forms, so the page looks the same either way.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import format_html

register = template.Library()

PLAIN_WIDGETS = (forms.TextInput, forms.NumberInput, forms.DateInput, forms.Select)


@register.filter
def as_filter_field(field):
    widget = field.field.widget
    if (
        field.errors
        or field.help_text
        or field.field.required
        or field.is_hidden
        or not isinstance(widget, PLAIN_WIDGETS)
        or hasattr(widget, "widgets")
    ):
        return as_crispy_field(field)
    rendered = field.as_widget(attrs={"class": widget_classes(widget)})
    css = field.css_classes()
    return format_html(
        '<div id="div_{}" class="mb-3{}"><label for="{}" class="form-label">{}</label>{}</div>',
        field.auto_id,
        f" {css}" if css else "",
        field.id_for_label,
        field.label,
        rendered,
    )


def widget_classes(widget) -> str:
    """The classes crispy-forms gives the widget: its own, the widget's name, Bootstrap's."""
    name = widget.__class__.__name__.lower()
    classes = widget.attrs.get("class", "")
    if name not in classes:
        classes = f"{classes} {name}".strip()
    bootstrap = "form-select" if isinstance(widget, forms.Select) else "form-control"
    if bootstrap not in classes.split():
        classes += f" {bootstrap}"
    return classes
