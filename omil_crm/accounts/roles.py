"""The five roles of the office and exactly what each may do (DESIGN.md, section 2).

Each role is a Django group. The table below is the single statement of its permissions: the
data migration, the `setup_roles` command and a post-migrate hook all apply it, and applying it
replaces whatever the group had, so the database never drifts from this file.
Letters: a = add, c = change, d = delete, v = view.
"""

GESTORA = "Gestora Territorial"
ADMINISTRATIVA = "Administrativa"
PSICOLOGA = "Psicóloga Laboral"
ENCARGADO = "Encargado OMIL"
ALCALDIA = "Alcaldía"

ROLE_NAMES = (GESTORA, ADMINISTRATIVA, PSICOLOGA, ENCARGADO, ALCALDIA)

ROLE_PERMISSIONS: dict[str, dict[str, str]] = {
    GESTORA: {
        "companies.industrialpark": "v",
        "companies.company": "acv",
        "companies.contact": "acv",
        "companies.visit": "acv",
        "companies.followup": "acv",
        "companies.companyflag": "v",
        "requests_routing.department": "v",
        "requests_routing.requestcategory": "v",
        "requests_routing.servicerequest": "av",
        "requests_routing.requestevent": "av",
        "vacancies.vacancy": "acv",
        "vacancies.programme": "v",
        "vacancies.programmeoffer": "acv",
        "meetings.meeting": "acv",
        "meetings.attendance": "acdv",
        "meetings.agreement": "acv",
        "events.employerevent": "acv",
        "events.eventcompany": "acdv",
    },
    ADMINISTRATIVA: {
        "companies.industrialpark": "v",
        "companies.company": "v",
        "companies.contact": "v",
        "companies.visit": "v",
        "companies.followup": "acv",
        "requests_routing.department": "v",
        "requests_routing.requestcategory": "v",
        "requests_routing.servicerequest": "acv",
        "requests_routing.requestevent": "av",
        "requests_routing.inboundemail": "cv",
        "requests_routing.emailattachment": "v",
        "events.employerevent": "v",
        "events.eventcompany": "v",
    },
    PSICOLOGA: {
        "companies.industrialpark": "v",
        "companies.company": "v",
        "vacancies.jobseeker": "acv",
        "vacancies.workshop": "acv",
        "vacancies.guidancesession": "acv",
        "vacancies.vacancy": "v",
        "vacancies.referral": "acv",
        "vacancies.referralstagechange": "v",
        "vacancies.evaluation": "acv",
        "vacancies.placement": "acv",
        "vacancies.programme": "v",
        "vacancies.consent": "acv",
        "events.employerevent": "v",
        "events.eventcompany": "v",
        "events.eventparticipant": "acdv",
        # Inclusion under Ley 21.015 (sensitive data, like evaluations).
        "vacancies.inclusionprofile": "acv",
        "vacancies.functionalevaluation": "acv",
        "vacancies.jobanalysis": "acv",
    },
    ENCARGADO: {
        "companies.industrialpark": "acv",
        "companies.company": "acv",
        "companies.contact": "v",
        "companies.visit": "v",
        "companies.followup": "v",
        "companies.companyflag": "v",
        "companies.portfoliohandover": "v",
        "requests_routing.department": "acdv",
        "requests_routing.requestcategory": "acdv",
        "requests_routing.referencecounter": "v",
        "requests_routing.noticetemplate": "acdv",
        "requests_routing.servicerequest": "v",
        "requests_routing.requestevent": "v",
        "requests_routing.inboundemail": "v",
        "requests_routing.emailattachment": "v",
        "vacancies.jobseeker": "v",
        "vacancies.workshop": "v",
        "vacancies.guidancesession": "v",
        "vacancies.vacancy": "v",
        "vacancies.referral": "v",
        "vacancies.referralstagechange": "v",
        "vacancies.evaluation": "v",
        "vacancies.evaluationread": "v",
        "vacancies.placement": "v",
        "vacancies.programme": "acdv",
        "vacancies.programmeoffer": "v",
        "vacancies.datasubjectrequest": "v",
        # Consents per purpose: a person may give or withdraw one through him, as they
        # exercise their other rights over their data (erasure, access) through him.
        "vacancies.consent": "acv",
        "vacancies.inclusionprofile": "v",
        "vacancies.functionalevaluation": "v",
        "vacancies.jobanalysis": "v",
        "vacancies.inclusionread": "v",
        "meetings.meeting": "v",
        "meetings.attendance": "v",
        "meetings.agreement": "v",
        "events.employerevent": "acv",
        "events.eventcompany": "acdv",
        "events.eventparticipant": "v",
        "omil_crm.periodicjobrun": "v",
    },
    ALCALDIA: {
        "companies.companyflag": "av",
    },
}

# Permissions that are not add/change/delete/view of a model.
ROLE_EXTRA_PERMISSIONS: dict[str, list[str]] = {
    # Her own companies and those of the park she is in charge of (companies/access.py).
    # Sending a contact a link to the portal and ending their portal sessions (the companies
    # she may edit, omil_crm/portal/access_views.py); confirming a company's vacancy proposal.
    GESTORA: [
        "companies.change_own_park",
        "portal.manage_portal_access",
        "vacancies.review_vacancy_proposal",
    ],
    ENCARGADO: [
        "companies.change_any_company",
        "companies.change_company_rut",
        "companies.reassign_portfolio",
        "companies.change_any_planned_visit",
        "companies.view_change_history",
        "vacancies.erase_jobseeker",
        "vacancies.export_jobseeker",
        "vacancies.review_vacancy_proposal",
        "omil_crm.view_dashboard",
        # The «Equipo» page (omil_crm/accounts): never the admin's user and group pages.
        "omil_crm.manage_team",
        "portal.manage_portal_access",
    ],
}

ACTIONS = {"a": "add", "c": "change", "d": "delete", "v": "view"}


def permission_codes(role: str) -> set[str]:
    """Every 'app_label.codename' the role holds, as declared above."""
    codes = set()
    for model_label, letters in ROLE_PERMISSIONS[role].items():
        app_label, model_name = model_label.split(".")
        codes.update(f"{app_label}.{ACTIONS[letter]}_{model_name}" for letter in letters)
    codes.update(ROLE_EXTRA_PERMISSIONS.get(role, []))
    return codes


def apply_roles(apps=None) -> dict[str, int]:
    """Create the groups and give each exactly its permissions; return the count per group.

    Works with the historical app registry of a migration: permissions of models that do not
    exist yet at that point of the migration history are skipped and added by a later run.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    counts = {}
    for role in ROLE_NAMES:
        wanted = permission_codes(role)
        permissions = []
        for code in sorted(wanted):
            app_label, codename = code.split(".")
            permission = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                permissions.append(permission)
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.set(permissions)
        counts[role] = len(permissions)
    return counts


def apply_roles_after_migrate(sender, **kwargs):
    from django.apps import apps

    # post_migrate is sent once per app with a models module, and auth creates each app's
    # permissions on that app's signal; only after the last such app has every permission
    # been created (an app without models, like the balance, is never sent the signal).
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        apply_roles()


def is_only_alcaldia(user) -> bool:
    """True for a mayor's-office account, which may use nothing but its admin page."""
    if user.is_superuser:
        return False
    names = {group.name for group in user.groups.all()}
    return names == {ALCALDIA}


def person_name(user) -> str:
    """How the office names a colleague: full name, the username only when none is recorded."""
    return name_from(user.get_username(), user.first_name, user.last_name)


def name_from(username: str, first_name: str, last_name: str) -> str:
    """person_name from a user's columns, for rows read without building the user."""
    return f"{first_name} {last_name}".strip() or username
