"""How many calendar lookups, and how long, colouring the 濉溪 demo board takes.

Run: .venv/bin/python bench/calendar_bench.py [RUNS]

Loads the demo (``fazhi demo``) into a fresh in-memory SQLite test database with the
clock fixed at 2026-12-02, then colours the 濉溪县 plan's board over all its periods with
``fazhi.tracking.board.board_rows`` RUNS times (default 7). Each run starts from an
empty process calendar cache (``calendar_invalidate()``), as after an override is saved.

Prints, for the first run in the process (nothing warm) and for a later run: the calls to
``chinese_calendar.is_workday``, to ``WorkCalendar.is_workday``, to the per-year index
lookup ``WorkCalendar._year`` when the calendar has one, and to the calendar's public
arithmetic. The calendar's primitive lookup is ``_year`` where it exists (every other
method goes through it), else ``is_workday`` (the day-by-day walk). A year the calendar
does not know (2027 here) is reckoned by the plain week on the same calendar, marked
provisional. Then the median wall and CPU time of the runs, and as a baseline measured in
the same run, the same board with a calendar whose lookups cost nothing (every day a
workday). Target from the issue: at most a few hundred calendar calls per board.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = date(2026, 12, 2)
# Never the shared PostgreSQL server: the default settings give SQLite, whose test database is in memory.
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("FAZHI_VAR_DIR", tempfile.mkdtemp(prefix="fazhi-calendar-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")

import django  # noqa: E402

django.setup()

import chinese_calendar  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from fazhi.lib.workdays import CalendarUnknownYear, WorkCalendar  # noqa: E402
from fazhi.plans.models import Plan  # noqa: E402
from fazhi.tracking.board import board_rows  # noqa: E402
from fazhi.tracking.models import Period  # noqa: E402
from fazhi.tracking.periods import FallbackCalendar  # noqa: E402
from fazhi.workcal.calendar import calendar_invalidate, current_calendar  # noqa: E402

COUNTED_METHODS = ["is_workday", "_year", "next_workday", "add_workdays", "add_days", "workdays_between"]
calls: Counter[str] = Counter()


def _counting(name: str, function):
    def counted(*args, **kwargs):
        calls[name] += 1
        return function(*args, **kwargs)

    return counted


def _install_counters() -> None:
    chinese_calendar.is_workday = _counting("chinese_calendar.is_workday", chinese_calendar.is_workday)
    for method in COUNTED_METHODS:
        if hasattr(WorkCalendar, method):
            setattr(WorkCalendar, method, _counting(f"WorkCalendar.{method}", getattr(WorkCalendar, method)))
    WorkCalendar.__init__ = _counting("WorkCalendar built", WorkCalendar.__init__)
    CalendarUnknownYear.__init__ = _counting("CalendarUnknownYear raised", CalendarUnknownYear.__init__)


class EveryDayWorks(FallbackCalendar):
    """The baseline: the same board with lookups that cost nothing."""

    def __init__(self):
        super().__init__(WorkCalendar())

    def is_workday(self, d: date) -> bool:
        return True

    def knows_year(self, year: int) -> bool:
        return True

    def next_workday(self, d: date) -> date:
        return d

    def add_workdays(self, d, n):
        return date.fromordinal(d.toordinal() + n)

    def add_days(self, d, n):
        return date.fromordinal(d.toordinal() + n)

    def workdays_between(self, a, b):
        return max(0, (b - a).days)


def _load_demo() -> tuple[Plan, list[Period]]:
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY), open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
    plan = Plan.objects.get(jurisdiction__name="濉溪县")
    periods = list(Period.objects.filter(plan=plan).order_by("start", "kind"))
    return plan, periods


def _colour(plan, periods, calendar) -> tuple[float, float, int]:
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    rows = board_rows(plan, periods=periods, today=TODAY, calendar=calendar)
    return (time.perf_counter() - start_wall) * 1000, (time.process_time() - start_cpu) * 1000, len(rows)


def _fresh_calendar():
    calendar_invalidate()
    return current_calendar()


def main(runs: int = 7) -> int:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        plan, periods = _load_demo()
        _install_counters()
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"濉溪县 board on {TODAY}: {plan.tasks.count()} tasks × {len(periods)} periods; "
              f"{runs} runs; load average {load:.1f} on {os.cpu_count()} CPUs")
        walls, cpus, counted = [], [], []
        for _ in range(runs):
            calendar = _fresh_calendar()  # its queries stay outside the timing
            calls.clear()
            wall, cpu, row_count = _colour(plan, periods, calendar)
            walls.append(wall)
            cpus.append(cpu)
            counted.append(dict(calls))
        names = sorted({name for c in counted for name in c})
        print(f"{'calls':42} {'first run':>10} {'later run':>10}")
        for name in names:
            print(f"{name:42} {counted[0].get(name, 0):>10,} {counted[-1].get(name, 0):>10,}")
        primitive = "WorkCalendar._year" if hasattr(WorkCalendar, "_year") else "WorkCalendar.is_workday"
        lookups = [c.get(primitive, 0) for c in counted]
        label = primitive.split(".")[1]
        print(f"{'primitive lookups (' + label + ')':42} {lookups[0]:>10,} {lookups[-1]:>10,}")
        base_walls, base_cpus = [], []
        for _ in range(runs):
            wall, cpu, _rows = _colour(plan, periods, EveryDayWorks())
            base_walls.append(wall)
            base_cpus.append(cpu)
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        base_wall, base_cpu = statistics.median(base_walls), statistics.median(base_cpus)
        print(f"board_rows ({row_count} rows)  median wall {wall:8.1f} ms   cpu {cpu:8.1f} ms")
        print(f"baseline (free calendar)    median wall {base_wall:8.1f} ms   cpu {base_cpu:8.1f} ms")
        print(f"calendar share of the board: wall {max(0.0, wall - base_wall):.1f} ms "
              f"(×{wall / base_wall:.2f} of baseline), cpu {max(0.0, cpu - base_cpu):.1f} ms "
              f"(×{cpu / base_cpu:.2f})")
        print(f"target: a few hundred calendar lookups per board — {lookups[0]:,} on the first run, "
              f"{lookups[0] / (row_count * (len(periods) + 1)):.1f} per coloured cell")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 7))
