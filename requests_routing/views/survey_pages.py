"""The survey link's answers when there is no form to show."""

from django.shortcuts import render

from requests_routing import surveys


def unknown_page(request):
    return render(
        request,
        "requests_routing/survey_closed.html",
        {
            "title": "Enlace no válido",
            "message": "Este enlace de encuesta no existe. Revise que lo copió completo desde "
            "el correo.",
        },
        status=404,
    )


def closed_page(request, survey, message: str):
    """Already answered: 200 with thanks; expired or no longer open: 410 (Gone)."""
    status = 200 if message == surveys.ALREADY_ANSWERED else 410
    title = "Encuesta respondida" if status == 200 else "Encuesta no disponible"
    return render(
        request,
        "requests_routing/survey_closed.html",
        {"title": title, "message": message, "sr": survey.request},
        status=status,
    )
