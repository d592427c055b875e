from datetime import date

import pytest

from omil_crm.base.workdays import add_working_days, is_working_day, next_working_day


def test_it_skips_fiestas_patrias_and_the_weekend():
    assert add_working_days(date(2026, 9, 17), 1) == date(2026, 9, 21)


def test_it_skips_the_immaculate_conception():
    assert add_working_days(date(2026, 12, 4), 5) == date(2026, 12, 14)


def test_zero_days_is_the_same_day():
    assert add_working_days(date(2026, 12, 8), 0) == date(2026, 12, 8)


def test_it_refuses_negative_days():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 12, 4), -1)


def test_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 5, 21))
    assert not is_working_day(date(2026, 11, 28))
    assert is_working_day(date(2026, 11, 30))


def test_next_working_day_moves_off_christmas():
    assert next_working_day(date(2026, 12, 25)) == date(2026, 12, 28)
    assert next_working_day(date(2026, 12, 28)) == date(2026, 12, 28)
