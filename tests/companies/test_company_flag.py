import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from companies.models import Company, CompanyFlag, FollowUp
from companies.services import company_flag_create
from omil_crm.base.workdays import add_working_days
from omil_crm.models import Notification


@pytest.mark.django_db
def test_flagging_creates_the_company_a_follow_up_and_a_notification(park, gestora, alcaldia):
    flag = company_flag_create(
        flagged_by=alcaldia,
        legal_name="Nueva Bodega SpA",
        park=park,
        rut="77.123.456-9",
        note="Se instaló en el lote 14",
    )

    assert flag.company.rut == "77123456-9"
    assert flag.company.status == Company.Status.FLAGGED
    assert flag.company.owner == gestora
    assert flag.follow_up.assigned_to == gestora
    assert flag.follow_up.title == "Visitar empresa nueva"
    assert flag.follow_up.due_date == add_working_days(timezone.localdate(), 5)
    notification = Notification.objects.get(recipient=gestora)
    assert "Nueva Bodega SpA" in notification.title
    assert flag.status_display == "Pendiente de visita"


@pytest.mark.django_db
def test_a_wrong_rut_flags_nothing(park, alcaldia):
    with pytest.raises(ValidationError) as error:
        company_flag_create(
            flagged_by=alcaldia, legal_name="Errada SpA", park=park, rut="77.123.456-5"
        )

    assert error.value.message_dict["rut"] == ["El dígito verificador del RUT no corresponde."]
    assert not Company.objects.exists()
    assert not CompanyFlag.objects.exists()
    assert not FollowUp.objects.exists()
    assert not Notification.objects.exists()
