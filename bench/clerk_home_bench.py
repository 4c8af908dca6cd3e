"""我的填报 of the 屯溪 区司法局 clerk after a year of 调度 (issue 9): bytes, server time, queries.

Run: .venv/bin/python bench/clerk_home_bench.py [RUNS]

Builds, in a fresh SQLite test database, the 屯溪 demo directory and seed plan, tracked from
1 January 2025 (monthly 调度, quarterly 盘点, yearly 总结; the third month of each quarter
served by the quarter's 盘点) with the periods of 2025 generated. The 区司法局 clerk filed
(and the office accepted) every report through September; October to December and the year
are still owed. On 5 January 2026 it requests 我的填报 as that clerk RUNS times (default 7):
the default view (the nearest due period plus whatever is overdue or returned, as rows), the
full list (?show=all, first page) and one opened card, and prints the median server time,
the queries and the page size of each. Targets: under 150 KB and at most 300 ms.
"""

from __future__ import annotations

import hashlib
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("FAZHI_VAR_DIR", tempfile.mkdtemp(prefix="fazhi-clerk-home-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

TODAY = date(2026, 1, 5)
TARGET_KB, TARGET_MS = 150, 300
SEED = Path(__file__).resolve().parent.parent / "fazhi/demo/seeds/tunxi-district-action-plan-2022-2024.txt"


def _build():
    from django.contrib.auth import get_user_model

    from fazhi.accounts.models import Profile, Role
    from fazhi.demo.directory import demo_directory_load
    from fazhi.orgs.models import Unit
    from fazhi.plans.parsing import parse_document
    from fazhi.plans.services import plan_import
    from fazhi.tracking.models import Assignment, Period
    from fazhi.tracking.services import (
        progress_report_accept,
        progress_report_save_draft,
        progress_report_submit,
        tracking_end_set,
        tracking_start,
    )
    from fazhi.workcal.models import CalendarYear

    User = get_user_model()
    for year in (2025, 2026):
        CalendarYear.objects.get_or_create(year=year, defaults={"complete": True})
    county = demo_directory_load(jurisdiction_name="屯溪区")
    office = User.objects.create_user("office_bench")
    Profile.objects.create(user=office, role=Role.OFFICE, jurisdiction=county)
    reviewer = User.objects.create_user("office_reviewer")
    Profile.objects.create(user=reviewer, role=Role.OFFICE, jurisdiction=county)
    unit = Unit.objects.get(jurisdiction=county, name="区司法局")
    clerk = User.objects.create_user("clerk_bench")
    Profile.objects.create(user=clerk, role=Role.CLERK, jurisdiction=county, unit=unit)
    data = SEED.read_bytes()
    plan = plan_import(jurisdiction=county, ledger=parse_document(data, SEED.name), source_name=SEED.name,
                       source_sha256=hashlib.sha256(data).hexdigest(), by=office)
    tracking_end_set(plan=plan, ends_on=date(2025, 12, 31), by=office, today=date(2025, 1, 1))
    tracking_start(plan=plan, by=office, starts_on=date(2025, 1, 1), today=date(2025, 12, 31))
    assignments = list(Assignment.objects.filter(unit=unit, is_active=True).select_related("task__plan"))
    filed = Period.objects.filter(plan=plan, end__lte=date(2025, 9, 30)).exclude(kind="year")
    count = 0
    for period in filed:
        if period.kind == "month" and period.start.month % 3 == 0:
            continue  # served by the quarter's 盘点
        when = timezone.make_aware(datetime.combine(period.due_on, datetime.min.time()).replace(hour=10))
        for a in assignments:
            r = progress_report_save_draft(assignment=a, period=period, by=clerk, expected_version=None,
                                           data={"narrative": f"{period.label}：按计划推进，已召开专题会议", "percent": 50})
            r = progress_report_submit(report=r, by=clerk, expected_version=r.version, now=when)
            progress_report_accept(report=r, by=reviewer, now=when)
            count += 1
    periods = Period.objects.filter(plan=plan).count()
    return clerk, plan, assignments, periods, count


def _measure(client: Client, url: str, runs: int) -> tuple[float, int, int]:
    times, queries = [], []
    for _ in range(runs):
        queries = []

        def counted(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(counted):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(queries), len(response.content)


def main(runs: int = 7) -> int:
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        clerk, plan, assignments, periods, reports = _build()
        print(f"屯溪 seed plan: {plan.tasks.count()} tasks; 区司法局 has {len(assignments)} assignments, "
              f"{periods} periods of 2025, {reports} reports filed and accepted "
              f"(built in {time.perf_counter() - started:.0f} s)")
        client = Client()
        client.force_login(clerk)
        with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
            home = reverse("tracking:my_home")
            first = assignments[0]
            from fazhi.tracking.models import Period

            october = Period.objects.get(plan=plan, kind="month", start=date(2025, 10, 1))
            card = reverse("tracking:report_edit", args=[first.pk, october.pk])
            client.get(home)  # the process's work calendar is built once, then reused
            rows = []
            for name, url, headers in (("default view", home, {}), ("?show=all", home + "?show=all", {}),
                                       ("one card (htmx)", card, {"HTTP_HX_REQUEST": "true"})):
                if headers:
                    client.defaults.update(headers)
                rows.append((name, *_measure(client, url, runs)))
                for key in headers:
                    client.defaults.pop(key)
            body = client.get(home).content.decode()
        print(f"{'page':18} {'ms (median of ' + str(runs) + ')':>20} {'queries':>8} {'KB':>7}")
        for name, ms, queries, size in rows:
            print(f"{name:18} {ms:>20.0f} {queries:>8} {size / 1024:>7.1f}")
        default_ms, default_kb = rows[0][1], rows[0][3] / 1024
        shown = body.count('class="home-item"')
        print(f"default view rows: {shown}; "
              f"target < {TARGET_KB} KB and ≤ {TARGET_MS} ms: "
              f"{'met' if default_kb < TARGET_KB and default_ms <= TARGET_MS else 'NOT met'}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:2])))
