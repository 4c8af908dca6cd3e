"""Memory, queries and size of the clerk home and the review queue for a large plan.

Run: .venv/bin/python bench/page_memory_bench.py [TASKS] [RUNS]

Builds, in a fresh in-memory SQLite test database, one county with a plan of TASKS tasks
(default 2,000) led by one unit with three 配合单位 each, tracked through 2026 (eleven closed
months with an accepted lead report per task, December open), and TASKS/4 submitted co-unit
reports waiting for review. Then requests, as the lead unit's
clerk, 我的填报 and, as the 依法治县办, the review queue, RUNS times each (default 3), and
prints the median server time, the peak Python memory allocated while answering
(tracemalloc), the number of queries and the page size. Baseline in the same run: the
same requests for a plan of TASKS/10 tasks, so the figures read as a ratio (memory should
grow with the tasks, not with tasks × assignments).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("FAZHI_VAR_DIR", tempfile.mkdtemp(prefix="fazhi-memory-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from tests.scale import large_plan  # noqa: E402

TODAY = date(2026, 12, 20)


def _measure(client: Client, url: str, runs: int) -> tuple[float, float, int, int]:
    """Median time of ``runs`` plain requests, then one more under tracemalloc for the peak."""
    times = []
    for _ in range(runs):
        queries: list[str] = []

        def counted(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(counted):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    tracemalloc.start()
    client.get(url)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), peak, len(queries), len(response.content)


def main(tasks: int = 2000, runs: int = 3) -> int:
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
            rows = []
            for size in (max(1, tasks // 10), tasks):
                world = large_plan(tasks=size, co_units=3, county=f"县{size}")
                clerk, office = Client(), Client()
                clerk.force_login(world.lead_clerk)
                office.force_login(world.office)
                for name, client, url in (("clerk home", clerk, reverse("tracking:my_home")),
                                          ("review queue", office, reverse("tracking:review_queue"))):
                    rows.append((size, name, *_measure(client, url, runs)))
        print(f"{'tasks':>6} {'page':14} {'ms (median)':>12} {'peak MB':>9} {'queries':>8} {'KB':>8}")
        for size, name, ms, peak, queries, size_bytes in rows:
            print(f"{size:>6} {name:14} {ms:>12.0f} {peak:>9.1f} {queries:>8} {size_bytes / 1024:>8.0f}")
        small = {name: peak for size, name, _ms, peak, _q, _b in rows if size != tasks}
        for size, name, _ms, peak, _q, _b in rows:
            if size == tasks:
                print(f"{name}: ×{peak / small[name]:.1f} the memory for ×10 the tasks")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:3])))
