"""A job seeker's consent to share their profile with one company (the company's portal shows
it while it is live): recorded and withdrawn from the person's page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from omil_crm.base.formtools import add_service_errors
from vacancies import consent_services
from vacancies.consent_models import Consent
from vacancies.forms import ShareConsentForm
from vacancies.views.common import active_person
from vacancies.views.people import _person_page


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


@require_POST
@permission_required("vacancies.change_consent", raise_exception=True)
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = get_object_or_404(
        Consent.objects.select_related("job_seeker", "company").filter(
            job_seeker__erased_at__isnull=True
        ),
        pk=pk,
    )
    try:
        consent_services.consent_withdraw(consent=consent, withdrawn_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Se retiró el consentimiento: {consent.company} ya no ve el perfil de "
            f"{consent.job_seeker.full_name}.",
        )
    return redirect("vacancies:job_seeker_detail", pk=consent.job_seeker_id)
