"""Rendering the parts of an email: subject and plain text as text, only the HTML part escaped.

Django templates escape HTML by default. That is right for the HTML part and wrong for a
subject or a text/plain part, which are not HTML: a company called `Pérez & Hijos <Ltda>`
would reach the department as `Pérez &amp; Hijos &lt;Ltda&gt;`. Every email of the project
renders its parts through these functions, so no template has to remember
`{% autoescape off %}`.

A subject is a single header line: any line break in what users typed (or a template's own
layout) becomes a space, so a subject can never smuggle another header or make Django raise
BadHeaderError.
"""

from django.template import Context
from django.template.loader import get_template, render_to_string


def render_text(template_name: str, context: dict) -> str:
    """A template rendered as plain text: nothing is HTML-escaped."""
    template = get_template(template_name)
    return template.template.render(Context(context, autoescape=False))


def render_html(template_name: str, context: dict) -> str:
    """A template rendered as HTML: every value is escaped (the default)."""
    return render_to_string(template_name, context)


def one_line(text: str) -> str:
    """Every run of whitespace, line breaks and other separators included, as one space."""
    return " ".join(str(text).split())


def render_subject(template_name: str, context: dict) -> str:
    return one_line(render_text(template_name, context))


def render_email(prefix: str, context: dict) -> tuple[str, str, str]:
    """Subject, text body and HTML body from `<prefix>_subject.txt`, `_body.txt`, `_body.html`."""
    return (
        render_subject(f"{prefix}_subject.txt", context),
        render_text(f"{prefix}_body.txt", context),
        render_html(f"{prefix}_body.html", context),
    )
