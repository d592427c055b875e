"""The order of a day's visits on foot: pure functions, no database and no external service.

Walking time is the straight-line (haversine) distance times a detour factor at a walking speed.
Each stop may have a window: the earliest moment the visit may start (waiting at the gate if
early) and the latest (the company closes, or the planned time). The best order is the one
that breaks the fewest windows, then is late by the fewest minutes, then walks the least. Up
to EXACT_LIMIT stops the answer is exact (dynamic programming over subsets of stops, keeping
every partial route not beaten on all of walk, lateness and clock); above it a nearest-neighbour
route improved by 2-opt. The route starts at a given point and ends at the last stop.
"""

from dataclasses import dataclass, field
from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_M = 6_371_000
EXACT_LIMIT = 9


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Stop:
    """A place to visit; times are minutes after midnight (None: no bound)."""

    key: object
    name: str
    point: Point
    duration: float
    earliest: float | None = None
    latest: float | None = None


@dataclass(frozen=True)
class Walking:
    detour_factor: float = 1.3
    speed_kmh: float = 4.5

    def metres(self, a: Point, b: Point) -> float:
        return haversine_m(a, b) * self.detour_factor

    def minutes(self, a: Point, b: Point) -> float:
        return self.metres(a, b) / 1000 / self.speed_kmh * 60


@dataclass(frozen=True)
class Leg:
    """One stop of the ordered route: how far from the previous point and when."""

    stop: Stop
    metres: float
    walk_minutes: float
    arrival: float
    start: float
    departure: float
    late_by: float  # minutes after the stop's latest start; 0 when on time

    @property
    def wait_minutes(self) -> float:
        return self.start - self.arrival


@dataclass
class Route:
    legs: list[Leg] = field(default_factory=list)
    exact: bool = True

    @property
    def walk_minutes(self) -> float:
        return sum(leg.walk_minutes for leg in self.legs)

    @property
    def metres(self) -> float:
        return sum(leg.metres for leg in self.legs)

    @property
    def late_legs(self) -> list[Leg]:
        return [leg for leg in self.legs if leg.late_by > 0]

    @property
    def order(self) -> list:
        return [leg.stop.key for leg in self.legs]


def haversine_m(a: Point, b: Point) -> float:
    lat1, lat2 = radians(a.latitude), radians(b.latitude)
    dlat = lat2 - lat1
    dlon = radians(b.longitude - a.longitude)
    h = sin(dlat / 2) ** 2 + cos(lat1) * cos(lat2) * sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * asin(min(1.0, sqrt(h)))


def _arrive(stop: Stop, clock: float) -> tuple[float, float]:
    """(start of the visit, minutes late) for someone reaching `stop` at `clock`."""
    start = max(clock, stop.earliest) if stop.earliest is not None else clock
    late = max(0.0, start - stop.latest) if stop.latest is not None else 0.0
    return start, late


def plan_route(
    stops: list[Stop], *, start: Point, start_minute: float, walking: Walking = Walking()
) -> Route:
    if not stops:
        return Route()
    points = [start] + [stop.point for stop in stops]
    walk = [[walking.minutes(a, b) for b in points] for a in points]
    if len(stops) <= EXACT_LIMIT:
        order = _exact_order(stops, walk, start_minute)
        exact = True
    else:
        order = _two_opt(stops, walk, start_minute, _nearest_neighbour(stops, walk))
        exact = False
    return _legs(stops, order, walk, start_minute, start, walking, exact)


def _cost(stops, order, walk, start_minute) -> tuple[int, float, float]:
    clock, previous, late_count, lateness, walked = start_minute, 0, 0, 0.0, 0.0
    for index in order:
        minutes = walk[previous][index + 1]
        walked += minutes
        begin, late = _arrive(stops[index], clock + minutes)
        late_count += late > 0
        lateness += late
        clock = begin + stops[index].duration
        previous = index + 1
    return late_count, round(lateness, 6), round(walked, 6)


def _exact_order(stops, walk, start_minute) -> list[int]:
    """Labels (late count, lateness, walk, clock, order) per (visited set, last stop), keeping
    only those no other label beats on all four numbers: then no better route is thrown away."""
    count = len(stops)
    labels: dict[tuple[int, int], list[tuple]] = {}
    for index, stop in enumerate(stops):
        begin, late = _arrive(stop, start_minute + walk[0][index + 1])
        labels[(1 << index, index)] = [
            (int(late > 0), late, walk[0][index + 1], begin + stop.duration, (index,))
        ]
    for size in range(1, count):
        for (mask, last), found in [item for item in labels.items() if _bits(item[0][0]) == size]:
            for nxt in range(count):
                if mask & (1 << nxt):
                    continue
                key = (mask | (1 << nxt), nxt)
                for late_count, lateness, walked, clock, order in found:
                    minutes = walk[last + 1][nxt + 1]
                    begin, late = _arrive(stops[nxt], clock + minutes)
                    label = (
                        late_count + (late > 0),
                        lateness + late,
                        walked + minutes,
                        begin + stops[nxt].duration,
                        order + (nxt,),
                    )
                    labels[key] = _keep_undominated(labels.get(key, []), label)
    full = (1 << count) - 1
    finals = [label for last in range(count) for label in labels.get((full, last), [])]
    best = min(finals, key=lambda label: (label[0], round(label[1], 6), round(label[2], 6)))
    return list(best[4])


def _bits(mask: int) -> int:
    return bin(mask).count("1")


def _beats(a: tuple, b: tuple) -> bool:
    return all(x <= y + 1e-9 for x, y in zip(a[:4], b[:4], strict=True))


def _keep_undominated(labels: list[tuple], new: tuple) -> list[tuple]:
    if any(_beats(old, new) for old in labels):
        return labels
    return [old for old in labels if not _beats(new, old)] + [new]


def _nearest_neighbour(stops, walk) -> list[int]:
    left, order, here = set(range(len(stops))), [], 0
    while left:
        nxt = min(left, key=lambda index: (walk[here][index + 1], index))
        order.append(nxt)
        left.remove(nxt)
        here = nxt + 1
    return order


def _two_opt(stops, walk, start_minute, order: list[int]) -> list[int]:
    """Reverse any stretch of the route that lowers its cost, until none does."""
    best, best_cost = order, _cost(stops, order, walk, start_minute)
    improved = True
    while improved:
        improved = False
        for i in range(len(best) - 1):
            for j in range(i + 1, len(best)):
                candidate = best[:i] + best[i : j + 1][::-1] + best[j + 1 :]
                cost = _cost(stops, candidate, walk, start_minute)
                if cost < best_cost:
                    best, best_cost, improved = candidate, cost, True
    return best


def _legs(stops, order, walk, start_minute, start, walking, exact) -> Route:
    route = Route(exact=exact)
    clock, previous_point, previous = start_minute, start, 0
    for index in order:
        stop = stops[index]
        minutes = walk[previous][index + 1]
        arrival = clock + minutes
        begin, late = _arrive(stop, arrival)
        route.legs.append(
            Leg(
                stop=stop,
                metres=walking.metres(previous_point, stop.point),
                walk_minutes=minutes,
                arrival=arrival,
                start=begin,
                departure=begin + stop.duration,
                late_by=late,
            )
        )
        clock, previous_point, previous = begin + stop.duration, stop.point, index + 1
    return route
