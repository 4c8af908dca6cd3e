"""The board and the ledger open on the plan the user chose last, else the newest plan with tasks."""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.plans.models import Plan
from tests.conftest import make_user
from tests.factories import PlanFactory, TaskFactory, tracking_started


@pytest.fixture
def plans(personas):
    """An older plan with a task, a newer one with a task, and the newest: an empty duplicate."""
    older = PlanFactory(jurisdiction=personas.jurisdiction, title="2021年工作要点")
    TaskFactory(plan=older, seq=1, text="旧方案的任务", lead_units=[personas.lead_unit], ongoing=True)
    newer = PlanFactory(jurisdiction=personas.jurisdiction, title="2022年工作要点")
    TaskFactory(plan=newer, seq=1, text="新方案的任务", lead_units=[personas.lead_unit], ongoing=True)
    empty = PlanFactory(jurisdiction=personas.jurisdiction, title="2022年工作要点（空）")
    for plan in (older, newer):
        tracking_started(plan, through=date(2022, 12, 31), by=personas.office)
    assert list(Plan.objects.order_by("-imported_at", "-id")) == [empty, newer, older]
    return older, newer, empty


@pytest.mark.parametrize("url_name", ["plans:ledger", "tracking:board"])
def test_the_default_is_the_newest_plan_with_tasks_never_an_empty_duplicate(client, personas, plans, url_name):
    client.force_login(personas.office)
    assert client.get(reverse(url_name)).context["plan"] == plans[1]


def test_the_ledger_remembers_the_plan_chosen_last(client, personas, plans):
    older = plans[0]
    client.force_login(personas.lead_clerk)
    client.get(reverse("plans:plan_ledger", args=[older.pk]))
    response = client.get(reverse("plans:ledger"))
    assert response.context["plan"] == older
    assert "旧方案的任务" in response.content.decode()
    picker = client.get(reverse("plans:ledger"), {"choose": "1"})
    assert len(picker.context["plans"]) == 3


def test_the_board_remembers_the_plan_chosen_last(client, personas, plans):
    older, _newer, empty = plans
    client.force_login(personas.office)
    client.get(reverse("tracking:board"), {"plan": older.pk})
    assert client.get(reverse("tracking:board")).context["plan"] == older
    # Chosen deliberately, even the empty plan is remembered.
    client.get(reverse("tracking:board"), {"plan": empty.pk})
    assert client.get(reverse("tracking:board")).context["plan"] == empty


def test_another_users_choice_on_the_same_browser_is_not_taken(client, personas, plans):
    client.force_login(personas.office)
    client.get(reverse("tracking:board"), {"plan": plans[0].pk})
    client.force_login(make_user("office2", role="office", jurisdiction=personas.jurisdiction))
    assert client.get(reverse("tracking:board")).context["plan"] == plans[1]


def test_a_remembered_plan_the_user_may_no_longer_read_is_ignored(client, personas, plans, other_county_office):
    client.force_login(personas.office)
    client.get(reverse("plans:plan_ledger", args=[plans[0].pk]))
    plans[0].jurisdiction = other_county_office.profile.jurisdiction
    plans[0].save()
    assert client.get(reverse("plans:ledger")).context["plan"] == plans[1]
