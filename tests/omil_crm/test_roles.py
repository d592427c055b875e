"""The whole permission matrix of the five roles, stated here independently of roles.py."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from omil_crm.accounts import roles

# group -> model -> letters (a = add, c = change, d = delete, v = view). A model that is not
# listed for a group must carry no permission at all for it.
EXPECTED = {
    "Gestora Territorial": {
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
    "Administrativa": {
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
    "Psicóloga Laboral": {
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
        "vacancies.inclusionprofile": "acv",
        "vacancies.functionalevaluation": "acv",
        "vacancies.jobanalysis": "acv",
    },
    "Encargado OMIL": {
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
        "vacancies.consent": "acv",  # records and withdraws consents per purpose
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
    "Alcaldía": {"companies.companyflag": "av"},
}
EXPECTED_EXTRA = {
    "Gestora Territorial": {
        "companies.change_own_park",
        "portal.manage_portal_access",
        "vacancies.review_vacancy_proposal",
    },
    "Encargado OMIL": {
        "companies.change_any_company",
        "companies.change_company_rut",
        "companies.reassign_portfolio",
        "companies.change_any_planned_visit",
        "companies.view_change_history",
        "vacancies.erase_jobseeker",
        "vacancies.export_jobseeker",
        "vacancies.review_vacancy_proposal",
        "omil_crm.view_dashboard",
        "omil_crm.manage_team",
        "portal.manage_portal_access",
    },
}
ACTIONS = {"a": "add", "c": "change", "d": "delete", "v": "view"}
MODELS_CHECKED = sorted(
    {model for table in EXPECTED.values() for model in table}
    | {
        f"{app}.{model}"
        for app, model in [
            ("companies", "company"),
            ("omil_crm", "notification"),
            ("auth", "permission"),
            ("auth", "user"),
            ("auth", "group"),
            ("sessions", "session"),
            ("admin", "logentry"),
            ("contenttypes", "contenttype"),
        ]
    }
)


def held_permissions(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", list(EXPECTED))
@pytest.mark.parametrize("model", MODELS_CHECKED)
@pytest.mark.parametrize("letter", list(ACTIONS))
def test_group_holds_exactly_the_declared_permission(group_name, model, letter):
    app_label, model_name = model.split(".")
    code = f"{app_label}.{ACTIONS[letter]}_{model_name}"
    expected = letter in EXPECTED[group_name].get(model, "")
    assert (code in held_permissions(group_name)) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", list(EXPECTED))
def test_group_holds_nothing_beyond_the_matrix(group_name):
    declared = {
        f"{model.split('.')[0]}.{ACTIONS[letter]}_{model.split('.')[1]}"
        for model, letters in EXPECTED[group_name].items()
        for letter in letters
    } | EXPECTED_EXTRA.get(group_name, set())
    assert held_permissions(group_name) == declared


@pytest.mark.django_db
def test_every_declared_permission_exists():
    for role in roles.ROLE_NAMES:
        for code in roles.permission_codes(role):
            app_label, codename = code.split(".")
            assert Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).exists(), code


@pytest.mark.django_db
def test_setup_roles_repairs_a_group_edited_by_hand():
    group = Group.objects.get(name="Alcaldía")
    group.permissions.add(Permission.objects.get(codename="delete_company"))
    Group.objects.get(name="Psicóloga Laboral").delete()

    call_command("setup_roles", stdout=StringIO())

    assert held_permissions("Alcaldía") == {
        "companies.add_companyflag",
        "companies.view_companyflag",
    }
    assert "vacancies.add_evaluation" in held_permissions("Psicóloga Laboral")


@pytest.mark.django_db
def test_only_the_psychologist_and_the_manager_may_read_evaluations():
    readers = Group.objects.filter(
        permissions__codename="view_evaluation", permissions__content_type__app_label="vacancies"
    )
    assert set(readers.values_list("name", flat=True)) == {"Psicóloga Laboral", "Encargado OMIL"}


@pytest.mark.django_db
def test_roles_are_applied_when_the_last_app_with_models_has_migrated(monkeypatch):
    from django.apps import apps

    applied = []
    monkeypatch.setattr(roles, "apply_roles", lambda: applied.append(True))
    configs = list(apps.get_app_configs())
    # Apps without models (the balance) are never sent post_migrate by migrate.
    last_with_models = [config for config in configs if config.models_module][-1]

    roles.apply_roles_after_migrate(sender=configs[0])
    roles.apply_roles_after_migrate(sender=last_with_models)

    assert applied == [True]
