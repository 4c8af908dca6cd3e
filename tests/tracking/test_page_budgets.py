"""Pages that grow with a plan stay inside a fixed memory, query and size budget: the clerk's
home and the review queue are paged, and no row carries a copy of the plan's imported ledger.
The large plan has 2,000 tasks, 8,000 assignments and a year of monthly periods (22,000 reports).
(Speed lives in ``bench/page_memory_bench.py``; this test asserts no timing.)"""

import tracemalloc
from datetime import date
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.scale import large_plan

pytestmark = pytest.mark.django_db

PEAK_BUDGET_MB = 40
PAGE_BUDGET_KB = 150


def _get(client, url):
    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    assert response.status_code == 200
    return response, len(queries), peak_mb, [q["sql"] for q in queries]


@pytest.fixture
def today():
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 12, 20)):
        yield


def test_a_2000_task_plan_stays_in_budget_and_queries_do_not_grow(client, today):
    small, large = large_plan(tasks=20, county="小县"), large_plan(tasks=2000, county="大县")
    for page in ("tracking:my_home", "tracking:review_queue"):
        measured = []
        for world in (small, large):
            client.force_login(world.lead_clerk if page == "tracking:my_home" else world.office)
            client.get(reverse(page))  # the process's work calendar is built once, then reused
            measured.append(_get(client, reverse(page)))
        (_r, small_queries, _p, _s), (response, queries, peak_mb, sql) = measured
        assert queries == small_queries, page
        assert peak_mb < PEAK_BUDGET_MB, page
        assert len(response.content) < PAGE_BUDGET_KB * 1024, page
        assert not any("importedledger" in statement for statement in sql), page
        assert "下一页" in response.content.decode(), page  # the rest is a page away, not on this one
