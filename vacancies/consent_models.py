"""Consents a job seeker gives for one purpose each (Ley 19.628 / Ley 21.719): when, who
recorded it, how it was given, and its withdrawal.

Each purpose is recorded and withdrawn on its own from the person's page: intermediation (no
referral without it; mirrored on JobSeeker for the registry's speed), inclusion data (sealed
when withdrawn), eligibility hints (hidden when withdrawn) and sharing the profile with one
company (the company's portal shows it only while it is live). A withdrawn consent stays as
proof; giving it again is a new row.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Consent(models.Model):
    class Purpose(models.TextChoices):
        INTERMEDIATION = "intermediation", "Intermediación laboral"
        INCLUSION_DATA = "inclusion_data", "Datos de inclusión laboral"
        ELIGIBILITY_HINTS = "eligibility_hints", "Sugerencias de programas y beneficios"
        SHARE_PROFILE = "share_profile", "Compartir perfil con una empresa"

    class Method(models.TextChoices):
        IN_PERSON = "in_person", "Presencial"
        WRITTEN = "written", "Por escrito"
        EMAIL = "email", "Por correo"

    # Purposes that name the company the data goes to.
    COMPANY_PURPOSES = (Purpose.SHARE_PROFILE,)

    job_seeker = models.ForeignKey(
        "vacancies.JobSeeker",
        verbose_name="persona",
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField("finalidad", max_length=20, choices=Purpose.choices)
    company = models.ForeignKey(
        "companies.Company",
        verbose_name="empresa",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    given_at = models.DateTimeField("otorgado", default=timezone.now)
    # Empty only for intermediation consents carried over from before consents per purpose
    # (migration 0014) where nobody was noted as having recorded it: never invented.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrado por",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    method = models.CharField("cómo se otorgó", max_length=10, choices=Method.choices)
    withdrawn_at = models.DateTimeField("retirado", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="retiro registrado por",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "consentimiento"
        verbose_name_plural = "consentimientos"
        ordering = ["-given_at", "-pk"]
        indexes = [
            models.Index(fields=["job_seeker", "-given_at"], name="consent_person_idx"),
            # The portal asks: whose profile may this company see right now?
            models.Index(
                fields=["company", "purpose", "job_seeker"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_live_company_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(purpose="share_profile") | Q(company__isnull=False),
                name="consent_share_names_company",
                violation_error_message="Indique la empresa con la que se comparte el perfil.",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("given_at")),
                name="consent_withdrawn_after_given",
                violation_error_message=(
                    "El retiro del consentimiento no puede ser anterior a su otorgamiento."
                ),
            ),
            models.UniqueConstraint(
                fields=["job_seeker", "purpose", "company"],
                condition=Q(withdrawn_at__isnull=True, company__isnull=False),
                name="consent_one_live_per_company",
                violation_error_message=(
                    "Esta persona ya tiene un consentimiento vigente para esa finalidad y empresa."
                ),
            ),
            models.UniqueConstraint(
                fields=["job_seeker", "purpose"],
                condition=Q(withdrawn_at__isnull=True, company__isnull=True),
                name="consent_one_live_per_purpose",
                violation_error_message=(
                    "Esta persona ya tiene un consentimiento vigente para esa finalidad."
                ),
            ),
        ]

    def __str__(self):
        target = f" ({self.company})" if self.company_id else ""
        return f"{self.get_purpose_display()}{target}"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None
