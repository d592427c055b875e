"""Reporting periods as the dashboard's query string asks for them."""

from datetime import date

import pytest

from omil_crm.base.periods import PeriodError, period_containing, period_from_query

TODAY = date(2026, 11, 29)


def test_no_period_means_the_current_month():
    period = period_from_query({}, today=TODAY)
    assert (period.first_day, period.last_day) == (date(2026, 11, 1), date(2026, 11, 30))
    assert period.label == "noviembre de 2026"


@pytest.mark.parametrize(
    ("kind", "day", "first", "last", "label"),
    [
        ("mes", "2026-02-10", date(2026, 2, 1), date(2026, 2, 28), "febrero de 2026"),
        ("trimestre", "2026-05-31", date(2026, 4, 1), date(2026, 6, 30), "2.º trimestre de 2026"),
        ("anio", "2024-07-01", date(2024, 1, 1), date(2024, 12, 31), "año 2024"),
    ],
)
def test_calendar_periods(kind, day, first, last, label):
    period = period_from_query({"periodo": kind, "fecha": day}, today=TODAY)
    assert (period.first_day, period.last_day, period.label) == (first, last, label)


def test_the_previous_and_next_periods():
    january = period_containing("mes", date(2026, 1, 15))
    assert january.previous().first_day == date(2025, 12, 1)
    assert january.next().first_day == date(2026, 2, 1)
    first_quarter = period_containing("trimestre", date(2026, 2, 1))
    assert first_quarter.previous().first_day == date(2025, 10, 1)
    custom = period_from_query({"periodo": "rango", "desde": "2026-03-10", "hasta": "2026-03-19"})
    before = custom.previous()
    assert (before.first_day, before.last_day) == (date(2026, 2, 28), date(2026, 3, 9))
    assert custom.next().first_day == date(2026, 3, 20)


def test_period_bounds_are_santiago_midnights():
    june = period_containing("mes", date(2026, 6, 1))
    assert june.start.isoformat() == "2026-06-01T00:00:00-04:00"
    assert june.end.isoformat() == "2026-07-01T00:00:00-04:00"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"periodo": "semana"}, "Elija un período"),
        ({"periodo": "mes", "fecha": "2026-02-30"}, "no es válida"),
        ({"periodo": "mes", "fecha": "1800-01-01"}, "entre los años 2000 y 2100"),
        ({"periodo": "rango", "desde": "2026-01-01"}, "indique «desde» y «hasta»"),
        ({"periodo": "rango", "desde": "2026-05-01", "hasta": "2026-04-01"}, "posterior"),
        ({"periodo": "rango", "desde": "2020-01-01", "hasta": "2026-01-01"}, "tres años"),
    ],
)
def test_malformed_periods_are_refused_in_spanish(params, message):
    with pytest.raises(PeriodError, match=message):
        period_from_query(params, today=TODAY)
