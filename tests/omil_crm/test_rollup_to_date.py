"""Which running totals of the roll-ups add up to a set of sealed months."""

from datetime import date

from omil_crm.dashboard.rollup_parts import to_date_signs


def months(year, *numbers):
    return [date(year, number, 1) for number in numbers]


def test_a_year_is_its_december():
    assert to_date_signs(months(2025, *range(1, 13))) == {date(2025, 12, 1): 1}


def test_a_quarter_is_its_last_month_less_the_month_before_it():
    assert to_date_signs(months(2025, 4, 5, 6)) == {date(2025, 6, 1): 1, date(2025, 3, 1): -1}


def test_a_month_left_out_splits_the_run():
    # March is counted live (written to since it was sealed): January-February and April-May.
    assert to_date_signs(months(2026, 1, 2, 4, 5)) == {
        date(2026, 2, 1): 1,
        date(2026, 3, 1): -1,
        date(2026, 5, 1): 1,
    }


def test_a_run_over_new_year_is_one_run_per_year():
    assert to_date_signs([date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)]) == {
        date(2025, 12, 1): 1,
        date(2025, 10, 1): -1,
        date(2026, 1, 1): 1,
    }


def test_no_month_reads_nothing():
    assert to_date_signs([]) == {}
