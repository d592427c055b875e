"""A job seeker's consents, one per purpose, recorded and withdrawn from the person's page;
sharing the profile is recorded per company (the company's portal shows it while it is live).
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from omil_crm.base.formtools import add_service_errors
from vacancies import consent_services
from vacancies.consent_forms import PurposeConsentForm
from vacancies.consent_models import Consent
from vacancies.consent_selectors import PERSON_PURPOSES, WITHDRAWAL_EFFECTS
from vacancies.forms import ShareConsentForm
from vacancies.views.common import active_person
from vacancies.views.people import _person_page


@require_POST
@permission_required("vacancies.add_consent", raise_exception=True)
def consent_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the consent to one person-wide purpose (the `purpose` field says which)."""
    person = active_person(pk)
    purpose = request.POST.get("purpose", "")
    if purpose not in PERSON_PURPOSES:
        messages.error(request, "Elija para qué finalidad se registra el consentimiento.")
        return redirect("vacancies:job_seeker_detail", pk=person.pk)
    form = PurposeConsentForm(request.POST, purpose=purpose)
    if form.is_valid():
        try:
            consent_services.consent_give(
                job_seeker=person,
                purpose=purpose,
                method=form.cleaned_data["method"],
                recorded_by=request.user,
                given_at=consent_services.consent_moment(form.cleaned_data["given_on"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            label = Consent.Purpose(purpose).label.lower()
            messages.success(
                request, f"Se registró el consentimiento de {person.full_name}: {label}."
            )
            return redirect("vacancies:job_seeker_detail", pk=person.pk)
    return _person_page(request, pk, bound_consent=form)


@require_POST
@permission_required("vacancies.add_consent", raise_exception=True)
def consent_share(request: HttpRequest, pk: int) -> HttpResponse:
    person = active_person(pk)
    form = ShareConsentForm(request.POST, companies=consent_services.share_companies(person))
    if form.is_valid():
        company = form.cleaned_data["company"]
        try:
            consent_services.consent_give(
                job_seeker=person,
                purpose=Consent.Purpose.SHARE_PROFILE,
                company=company,
                method=form.cleaned_data["method"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{person.full_name} comparte su perfil con {company.legal_name}."
            )
            return redirect("vacancies:job_seeker_detail", pk=person.pk)
    return _person_page(request, pk, share_form=form)


def _withdrawn_message(consent: Consent) -> str:
    name = consent.job_seeker.full_name
    if consent.purpose == Consent.Purpose.SHARE_PROFILE:
        return f"Se retiró el consentimiento: {consent.company} ya no ve el perfil de {name}."
    label = consent.get_purpose_display().lower()
    return f"Se retiró el consentimiento de {name}: {label}."


@require_http_methods(["GET", "POST"])
@permission_required("vacancies.change_consent", raise_exception=True)
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm, saying what stops from then on; POST withdraws."""
    consent = get_object_or_404(
        Consent.objects.select_related("job_seeker", "company", "recorded_by").filter(
            job_seeker__erased_at__isnull=True
        ),
        pk=pk,
    )
    if request.method == "GET":
        if consent.withdrawn_at is not None:
            messages.info(request, "Ese consentimiento ya estaba retirado.")
            return redirect("vacancies:job_seeker_detail", pk=consent.job_seeker_id)
        context = {
            "consent": consent,
            "person": consent.job_seeker,
            "effect": WITHDRAWAL_EFFECTS[consent.purpose],
        }
        return render(request, "vacancies/consent_withdraw_confirm.html", context)
    try:
        consent_services.consent_withdraw(consent=consent, withdrawn_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _withdrawn_message(consent))
    return redirect("vacancies:job_seeker_detail", pk=consent.job_seeker_id)
