"""The walking route solver (companies/routing.py): pure functions, fixed coordinates."""

import itertools
import random

from companies.routing import EXACT_LIMIT, Point, Stop, Walking, haversine_m, plan_route

OFFICE = Point(-32.9246, -71.5185)
# Six places east of Concón; walking from the office the best order is C A E B D F.
GULMUE = {
    "A": Point(-32.9365, -71.4950),
    "B": Point(-32.9410, -71.4870),
    "C": Point(-32.9330, -71.5030),
    "D": Point(-32.9440, -71.4790),
    "E": Point(-32.9390, -71.4920),
    "F": Point(-32.9460, -71.4735),
}
NINE = 9 * 60


def stops(names="FBDAEC", **windows) -> list[Stop]:
    return [
        Stop(
            key=name,
            name=f"Empresa {name}",
            point=GULMUE[name],
            duration=45,
            **windows.get(name, {}),
        )
        for name in names
    ]


def walked(order) -> float:
    walking, here, total = Walking(), OFFICE, 0.0
    for name in order:
        total += walking.minutes(here, GULMUE[name])
        here = GULMUE[name]
    return total


def test_haversine_measures_a_known_distance():
    # One degree of latitude is about 111.2 km.
    assert round(haversine_m(Point(-33, -71.5), Point(-32, -71.5)) / 1000, 1) == 111.2


def test_walking_time_is_distance_times_detour_at_walking_speed():
    walking = Walking(detour_factor=1.3, speed_kmh=4.5)
    a, b = Point(-33.0, -71.5), Point(-33.009, -71.5)  # about 1 km apart
    assert round(walking.minutes(a, b), 1) == round(haversine_m(a, b) * 1.3 / 4500 * 60, 1)
    assert 17 < walking.minutes(a, b) < 18


def test_six_stops_come_in_the_known_best_order():
    route = plan_route(stops(), start=OFFICE, start_minute=NINE)

    assert route.order == list("CAEBDF")
    assert route.exact
    assert round(route.walk_minutes, 3) == round(walked("CAEBDF"), 3)
    assert route.late_legs == []


def test_the_best_order_walks_no_more_than_any_other_order():
    best = plan_route(stops(), start=OFFICE, start_minute=NINE).walk_minutes
    assert all(best <= walked(order) + 1e-9 for order in itertools.permutations("ABCDEF"))


def test_arrival_times_add_walking_and_the_visit_duration():
    route = plan_route(stops("CA"), start=OFFICE, start_minute=NINE)
    first, second = route.legs

    assert first.arrival == NINE + first.walk_minutes
    assert second.arrival == first.arrival + 45 + second.walk_minutes


def test_a_company_that_opens_later_waits_at_the_gate():
    route = plan_route(stops("C", C={"earliest": 11 * 60}), start=OFFICE, start_minute=NINE)
    leg = route.legs[0]

    assert leg.start == 11 * 60
    assert leg.wait_minutes == 11 * 60 - leg.arrival


def test_a_window_changes_the_order_when_it_must():
    # F closes early (last start 10:15): it has to come first even though it is farthest.
    route = plan_route(stops(F={"latest": 10 * 60 + 15}), start=OFFICE, start_minute=8 * 60 + 30)

    assert route.order[0] == "F"
    assert route.late_legs == []


def test_an_impossible_window_is_flagged_with_how_late():
    # Nobody walks from the office to F (about 5 km) by 08:40.
    route = plan_route(
        stops("CF", F={"latest": 8 * 60 + 40}), start=OFFICE, start_minute=8 * 60 + 30
    )

    late = route.late_legs
    assert [leg.stop.key for leg in late] == ["F"]
    assert late[0].late_by > 0
    # Still the least late: F first.
    assert route.order == ["F", "C"]


def test_no_stops_make_an_empty_route():
    route = plan_route([], start=OFFICE, start_minute=NINE)
    assert route.legs == [] and route.walk_minutes == 0


def test_above_the_exact_limit_the_heuristic_returns_every_stop_once():
    rng = random.Random(18)
    many = [
        Stop(
            key=index,
            name=f"Empresa {index}",
            point=Point(-32.93 - rng.random() * 0.02, -71.47 - rng.random() * 0.03),
            duration=30,
        )
        for index in range(12)
    ]
    route = plan_route(many, start=OFFICE, start_minute=NINE)

    assert not route.exact
    assert sorted(route.order) == list(range(12))
    assert len(route.legs) == 12 > EXACT_LIMIT


def test_the_heuristic_is_no_worse_than_visiting_in_the_given_order():
    rng = random.Random(7)
    many = [
        Stop(
            key=index,
            name=str(index),
            point=Point(-32.93 - rng.random() * 0.02, -71.47 - rng.random() * 0.03),
            duration=30,
        )
        for index in range(12)
    ]
    walking = Walking()
    given, here = 0.0, OFFICE
    for stop in many:
        given += walking.minutes(here, stop.point)
        here = stop.point
    assert plan_route(many, start=OFFICE, start_minute=NINE).walk_minutes <= given
