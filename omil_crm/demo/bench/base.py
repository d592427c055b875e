"""What every part of the benchmark generator shares: sizes, dates, names and the staff.

`SeederBase` holds the one seeded random generator all parts draw from, in the order
`BenchSeeder.run` calls them (so the same scale and seed give the same data), the `Writer` and
the small helpers every table needs: how many rows a scale means (`FULL_SCALE`), days and
office hours within the five years, people's names, phones and RUTs with a valid check digit,
a skewed picker (a few busy companies, many quiet ones) and a staff member of a park's office.
"""

import random
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

from django.utils import timezone
from stdnum.cl import rut as stdnum_rut

from omil_crm.demo.bench import vocabulary as words
from omil_crm.demo.bench.writer import SeedError, Writer

SANTIAGO = ZoneInfo("America/Santiago")
YEARS = 5

# Rows at scale 1.0: what a hundred offices accumulate in about five years.
FULL_SCALE = {
    "parks": 20,
    "companies": 20_000,
    "contacts": 60_000,
    "visits": 500_000,
    "follow_ups": 120_000,
    "requests": 100_000,
    "job_seekers": 100_000,
    "vacancies": 50_000,
    "referrals": 300_000,
    "evaluations": 30_000,
    "workshops": 2_500,
    "offers": 15_000,
    "flags": 400,
}


def rut_with_check_digit(number: int) -> str:
    return f"{number}-{stdnum_rut.calc_check_digit(str(number))}"


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(char for char in plain.lower() if char.isalnum())


@dataclass
class Staff:
    """The ids of the generated staff, by role and by park."""

    by_role: dict[str, list[int]] = field(default_factory=dict)
    by_park: list[dict[str, list[int]]] = field(default_factory=list)
    emails: dict[int, str] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)


class SeederBase:
    """The shared state and helpers of the generator; `BenchSeeder` adds the tables."""

    def __init__(self, *, scale: float = 1.0, seed: int = 2026, report=print):
        if scale <= 0:
            raise SeedError("La escala debe ser mayor que cero.")
        self.scale = scale
        self.rng = random.Random(seed)
        self.report = report
        self.writer = Writer(report)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.first_day = self.today - timedelta(days=365 * YEARS)
        self.days = (self.today - self.first_day).days
        self.staff = Staff()

    # Sizes and small random helpers -------------------------------------------------------

    def size(self, key: str, minimum: int = 1) -> int:
        return max(minimum, round(FULL_SCALE[key] * self.scale))

    def day_ago(self, low: int, high: int) -> date:
        """A day between `high` and `low` days ago (negative numbers are in the future)."""
        return self.today - timedelta(days=self.rng.randint(low, high))

    def past_day(self) -> date:
        return self.first_day + timedelta(days=self.rng.randrange(self.days))

    def at_work(self, day: date) -> datetime:
        """A moment of office hours on `day`, Santiago time."""
        rng = self.rng
        return datetime(
            day.year, day.month, day.day, rng.randint(8, 17), rng.choice((0, 15, 30, 45)),
            tzinfo=SANTIAGO,
        )  # fmt: skip

    def person_name(self) -> tuple[str, str]:
        rng = self.rng
        first = rng.choice(words.FIRST_NAMES)
        last = f"{rng.choice(words.LAST_NAMES)} {rng.choice(words.LAST_NAMES)}"
        return first, last

    def phone(self) -> str:
        return f"+56 9 {self.rng.randint(2000, 9999)} {self.rng.randint(1000, 9999)}"

    def weighted_picker(self, count: int, sigma: float = 0.9):
        """Indexes 0..count-1 drawn with a skew: a few busy ones, many quiet ones."""
        rng = self.rng
        cumulative = list(accumulate(rng.lognormvariate(0, sigma) for _ in range(count)))
        total = cumulative[-1]

        def pick() -> int:
            return min(bisect_left(cumulative, rng.random() * total), count - 1)

        return pick

    def office_staff(self, park: int | None, role: str) -> int:
        """A staff member of `role`, from the park's office when there is one."""
        if park is None:
            return self.rng.choice(self.staff.by_role[role])
        return self.rng.choice(self.staff.by_park[park][role])
