"""The Encargado edits a row of the routing table; the database's rules answer in Spanish,
next to the field at fault."""

from django.urls import reverse

from requests_routing.models import RequestCategory


def category_data(pruning, **overrides) -> dict:
    data = {
        "name": "Poda de árboles",
        "department": pruning.department_id,
        "sla_working_days": "5",
        "keywords": "poda, árbol",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def field_html(content: str, field: str) -> str:
    return content.split(f'id="div_id_{field}"', 1)[1].split('id="div_id_', 1)[0]


def test_it_refuses_a_deadline_of_zero_days_next_to_the_field(client, encargado, pruning):
    client.force_login(encargado)

    response = client.post(
        reverse("requests_routing:category_edit", args=[pruning.pk]),
        category_data(pruning, sla_working_days="0"),
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "El plazo debe ser de al menos 1 día hábil." in field_html(content, "sla_working_days")
    assert "restricción" not in content
    pruning.refresh_from_db()
    assert pruning.sla_working_days == 5


def test_it_refuses_a_second_category_with_the_same_name(client, encargado, pruning):
    client.force_login(encargado)

    response = client.post(reverse("requests_routing:category_add"), category_data(pruning))

    assert "Ya existe una categoría con ese nombre." in field_html(
        response.content.decode(), "name"
    )
    assert RequestCategory.objects.count() == 1


def test_the_administrativa_may_not_change_the_routing_table(client, administrativa, pruning):
    client.force_login(administrativa)

    response = client.post(
        reverse("requests_routing:category_edit", args=[pruning.pk]),
        category_data(pruning, sla_working_days="0"),
    )

    assert response.status_code == 403
