from django.urls import path

from vacancies.views import (
    consents,
    evaluations,
    guidance,
    inclusion,
    people,
    placements,
    programmes,
    proposals,
    referrals,
    rights,
    vacancies,
    workshops,
)

app_name = "vacancies"

urlpatterns = [
    # Job seekers and their rights
    path("personas/", people.job_seeker_list, name="job_seeker_list"),
    path("personas/nueva/", people.job_seeker_create, name="job_seeker_create"),
    path("personas/<int:pk>/", people.job_seeker_detail, name="job_seeker_detail"),
    path("personas/<int:pk>/editar/", people.job_seeker_edit, name="job_seeker_edit"),
    path("personas/<int:pk>/consentimiento/", consents.consent_record, name="job_seeker_consent"),
    path("personas/<int:pk>/datos/", rights.data_access, name="data_access"),
    path("personas/<int:pk>/datos.json", rights.data_export, name="data_export"),
    path("personas/<int:pk>/eliminar/", rights.erase, name="erase"),
    path("derechos/", rights.data_requests, name="data_requests"),
    path("personas/<int:pk>/compartir-perfil/", consents.consent_share, name="consent_share"),
    path("consentimientos/<int:pk>/retirar/", consents.consent_withdraw, name="consent_withdraw"),
    # Evaluations
    path(
        "personas/<int:pk>/evaluaciones/nueva/",
        evaluations.evaluation_create,
        name="evaluation_create",
    ),
    path("evaluaciones/<int:pk>/", evaluations.evaluation_detail, name="evaluation_detail"),
    # Inclusion under Ley 21.015 (sensitive data, like evaluations)
    path("inclusion/personas/<int:pk>/", inclusion.inclusion_person, name="inclusion_person"),
    path(
        "inclusion/personas/<int:pk>/perfil/",
        inclusion.inclusion_profile_edit,
        name="inclusion_profile_edit",
    ),
    path(
        "inclusion/personas/<int:pk>/evaluaciones/nueva/",
        inclusion.functional_evaluation_create,
        name="functional_evaluation_create",
    ),
    path(
        "inclusion/evaluaciones/",
        inclusion.functional_evaluation_list,
        name="functional_evaluation_list",
    ),
    path(
        "inclusion/evaluaciones/<int:pk>/",
        inclusion.functional_evaluation_detail,
        name="functional_evaluation_detail",
    ),
    path(
        "inclusion/vacantes/<int:pk>/analisis/nuevo/",
        inclusion.job_analysis_create,
        name="job_analysis_create",
    ),
    path("inclusion/analisis/", inclusion.job_analysis_list, name="job_analysis_list"),
    path("inclusion/analisis/<int:pk>/", inclusion.job_analysis_detail, name="job_analysis_detail"),
    # Vacancies and the referral pipeline
    path("vacantes/", vacancies.vacancy_list, name="vacancy_list"),
    path("vacantes/nueva/", vacancies.vacancy_capture, name="vacancy_create"),
    path("vacantes/<int:pk>/", vacancies.vacancy_detail, name="vacancy_detail"),
    path("vacantes/<int:pk>/editar/", vacancies.vacancy_edit, name="vacancy_edit"),
    path("vacantes/<int:pk>/aviso/", vacancies.vacancy_posting, name="vacancy_posting"),
    path(
        "vacantes/<int:pk>/confirmar/", proposals.proposal_confirm, name="vacancy_proposal_confirm"
    ),
    path(
        "vacantes/<int:pk>/rechazar/", proposals.proposal_decline, name="vacancy_proposal_decline"
    ),
    path("derivaciones/", referrals.referral_list, name="referral_list"),
    path("derivaciones/exportar.<str:fmt>", referrals.referral_export, name="referral_export"),
    path("derivaciones/nueva/", referrals.referral_add, name="referral_add"),
    path("derivaciones/<int:pk>/etapa/", referrals.referral_move, name="referral_move"),
    path("colocaciones/", placements.placement_list, name="placement_list"),
    path("colocaciones/<int:pk>/", placements.placement_detail, name="placement_detail"),
    path("colocaciones/exportar.<str:fmt>", placements.placement_export, name="placement_export"),
    # Workshops
    path("talleres/", workshops.workshop_list, name="workshop_list"),
    path("talleres/nuevo/", workshops.workshop_create, name="workshop_create"),
    path("talleres/<int:pk>/", workshops.workshop_detail, name="workshop_detail"),
    path("talleres/<int:pk>/editar/", workshops.workshop_edit, name="workshop_edit"),
    path(
        "talleres/<int:pk>/asistencia/", workshops.workshop_attendance, name="workshop_attendance"
    ),
    # Job guidance
    path("orientacion/", guidance.guidance_list, name="guidance_list"),
    path("orientacion/nueva/", guidance.guidance_create, name="guidance_create"),
    path("orientacion/<int:pk>/", guidance.guidance_detail, name="guidance_detail"),
    path("orientacion/<int:pk>/editar/", guidance.guidance_edit, name="guidance_edit"),
    # SENCE programmes
    path("programas/", programmes.programme_list, name="programme_list"),
    path("programas/ofertas/", programmes.offer_list, name="offer_list"),
    path("programas/ofertas/nueva/", programmes.offer_create, name="offer_create"),
    path("programas/ofertas/<int:pk>/", programmes.offer_detail, name="offer_detail"),
]
