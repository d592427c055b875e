"""The «Consentimientos» section of a person's page and the programme hints it governs: built
here so the person's page and the consent views (which re-render it with a refused form) share
one definition."""

from vacancies.consent_forms import PurposeConsentForm
from vacancies.consent_models import Consent
from vacancies.consent_selectors import hints_for, purpose_lines
from vacancies.consent_services import share_companies, share_consents_of
from vacancies.forms import ShareConsentForm
from vacancies.models import JobSeeker


def consent_context(
    user, person: JobSeeker, *, bound: PurposeConsentForm | None = None, share_form=None
) -> dict:
    """What the page shows of the person's consents, for a user who may see them; with
    `bound`, that purpose's form comes back with its errors."""
    if not user.has_perm("vacancies.view_consent"):
        return {"hints": hints_for(person)}
    lines = purpose_lines(person)
    may_record = user.has_perm("vacancies.add_consent")
    for line in lines:
        if may_record and line.live is None:
            same = bound is not None and bound.purpose == line.purpose
            line.form = bound if same else PurposeConsentForm(purpose=line.purpose)
    hints_live = any(
        line.live is not None for line in lines if line.purpose == Consent.Purpose.ELIGIBILITY_HINTS
    )
    context = {
        "purpose_lines": lines,
        "share_consents": share_consents_of(person),
        "hints": hints_for(person, consented=hints_live),
    }
    if may_record:
        context["share_form"] = share_form or ShareConsentForm(companies=share_companies(person))
    return context
