import pytest
from django.urls import reverse

from fazhi.orgs.models import Jurisdiction, Unit
from fazhi.plans.models import Plan, Task
from fazhi.plans.services import plan_import
from tests.factories import ClerkFactory, OfficeFactory
from tests.plans.ledgers import departments_group, small_ledger

READERS = ["office", "lead_clerk", "co_clerk", "outsider_clerk", "leader_user", "admin"]


@pytest.fixture
def plan(personas):
    departments_group(personas)
    return plan_import(
        jurisdiction=personas.jurisdiction, ledger=small_ledger(), source_name="plan.txt",
        source_sha256="c" * 64, by=personas.office,
    )


@pytest.fixture
def stranger(db):
    other = Jurisdiction.objects.create(name="屯溪区", short_name="区")
    unit = Unit.objects.create(jurisdiction=other, name="区司法局")
    return ClerkFactory(username="sifaju_tunxi", unit=unit)


def _seqs(response):
    return [row["task"].seq for row in response.context["rows"] if "task" in row]


@pytest.mark.parametrize("who", READERS)
def test_every_role_of_the_county_reads_the_whole_ledger(client, personas, plan, who):
    client.force_login(getattr(personas, who))
    response = client.get(reverse("plans:ledger"))
    assert response.status_code == 200
    assert _seqs(response) == [1, 2, 3]
    page = response.content.decode()
    for term in ("序号", "任务内容", "牵头领导", "牵头单位", "配合单位", "完成时限", "量化指标"):
        assert term in page


def test_ledger_groups_tasks_under_their_sections(client, personas, plan):
    client.force_login(personas.office)
    rows = client.get(reverse("plans:plan_ledger", args=[plan.pk])).context["rows"]
    shape = [
        ("section", r["section"].key) if "section" in r else ("sub", r["subsection"].key) if "subsection" in r else ("task", r["task"].seq)
        for r in rows
    ]
    assert shape == [("section", "h1"), ("sub", "h1.1"), ("task", 1), ("section", "h2"), ("task", 2), ("task", 3)]


def test_group_phrases_show_their_members_and_unmatched_phrases_are_marked(client, personas, plan):
    client.force_login(personas.office)
    page = client.get(reverse("plans:plan_ledger", args=[plan.pk])).content.decode()
    assert 'title="包括：县财政局、县水利局"' in page
    assert 'class="tag unmatched" title="未对应到单位名录">县信访局' in page


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"unit": "lead_unit"}, [1, 2]),
        ({"unit": "lead_unit", "role": "lead"}, [1]),
        ({"unit": "outsider_unit"}, [1]),  # through 县政府各部门
        ({"unit": "co_unit", "role": "co"}, [1]),
        ({"leader": "leader"}, [1]),
        ({"year": "2023"}, [1]),
        ({"has_target": "1"}, [1]),
        ({"has_target": "0"}, [2, 3]),
        ({"q": "政务公开"}, [3]),
        ({"sort": "deadline"}, [1, 2, 3]),
        ({"year": "1999"}, [1, 2, 3]),  # not a year of this plan: ignored rather than an error
    ],
)
def test_ledger_filters(client, personas, plan, params, expected):
    params = {key: getattr(personas, value).pk if key in ("unit", "leader") else value for key, value in params.items()}
    client.force_login(personas.office)
    response = client.get(reverse("plans:plan_ledger", args=[plan.pk]), params)
    assert _seqs(response) == expected


def test_htmx_request_gets_only_the_table(client, personas, plan):
    client.force_login(personas.office)
    response = client.get(reverse("plans:plan_ledger", args=[plan.pk]), {"q": "调解"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and 'id="ledger-count"' in page and "加强行政调解工作" in page


def test_htmx_history_restore_gets_the_whole_page(client, personas, plan):
    client.force_login(personas.office)
    response = client.get(
        reverse("plans:plan_ledger", args=[plan.pk]), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_paging_repeats_the_section_row_at_the_top_of_a_page(client, personas, plan, monkeypatch):
    monkeypatch.setattr("fazhi.plans.views.ledger_pages.PAGE_SIZE", 2)
    client.force_login(personas.office)
    response = client.get(reverse("plans:plan_ledger", args=[plan.pk]), {"page": 2})
    rows = response.context["rows"]
    assert "section" in rows[0] and rows[0]["section"].key == "h2" and rows[0]["continued"] is True
    assert _seqs(response) == [3]


def test_ledger_page_query_count_does_not_grow_with_tasks(client, personas, plan, django_assert_max_num_queries):
    client.force_login(personas.office)
    url = reverse("plans:plan_ledger", args=[plan.pk])
    client.get(url)
    with django_assert_max_num_queries(17) as captured:
        client.get(url)
    before = len(captured.captured_queries)
    for seq in range(10, 40):
        Task.objects.create(plan=plan, seq=seq, text=f"任务{seq}", heading=plan.headings.get(key="h2"))
    with django_assert_max_num_queries(before):
        client.get(url)


def test_ledger_page_queries_are_counted(client, personas, plan, django_assert_num_queries):
    client.force_login(personas.office)
    url = reverse("plans:plan_ledger", args=[plan.pk])
    # session, user, profile with its jurisdiction, plan, deadline years, count, tasks + 3 prefetches,
    # group members, headings, units and leaders of the filter form, the 待办 badge.
    with django_assert_num_queries(15):
        client.get(url)


def test_outsider_jurisdiction_cannot_see_the_plan(client, personas, plan, stranger):
    client.force_login(stranger)
    assert client.get(reverse("plans:plan_ledger", args=[plan.pk])).status_code == 404
    task = plan.tasks.first()
    assert client.get(reverse("plans:task_detail", args=[task.pk])).status_code == 404
    assert client.get(reverse("plans:plan_leaders", args=[plan.pk])).status_code == 404
    response = client.get(reverse("plans:ledger"))
    assert response.status_code == 200 and list(response.context["plans"]) == []


def test_a_city_office_sees_its_counties(client, personas, plan):
    city = Jurisdiction.objects.create(name="淮北市", level=Jurisdiction.Level.CITY)
    personas.jurisdiction.parent = city
    personas.jurisdiction.save()
    client.force_login(OfficeFactory(username="office_city", jurisdiction=city))
    assert client.get(reverse("plans:plan_ledger", args=[plan.pk])).status_code == 200


@pytest.mark.parametrize("url_name", ["plans:ledger", "plans:my_tasks", "plans:leaders"])
def test_anonymous_is_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_anonymous_cannot_open_a_task(client, plan):
    response = client.get(reverse("plans:task_detail", args=[plan.tasks.first().pk]))
    assert response.status_code == 302


def test_several_plans_offer_a_picker(client, personas, plan):
    plan_import(jurisdiction=personas.jurisdiction, ledger=small_ledger(title="另一个方案"), source_name="b.txt",
                source_sha256="d" * 64, by=personas.office)
    client.force_login(personas.lead_clerk)
    response = client.get(reverse("plans:ledger"), {"choose": "1"})
    assert len(response.context["plans"]) == 2
    assert reverse("plans:plan_ledger", args=[plan.pk]) in response.content.decode()


def _my_seqs(response):
    section = response.context["sections"][0]
    return [t.seq for t in section["lead"]], [t.seq for t in section["co"]]


def test_my_tasks_splits_lead_and_co(client, personas, plan):
    client.force_login(personas.lead_clerk)
    assert _my_seqs(client.get(reverse("plans:my_tasks"))) == ([1], [2])
    client.force_login(personas.co_clerk)
    assert _my_seqs(client.get(reverse("plans:my_tasks"))) == ([3], [1])


def test_my_tasks_includes_tasks_reached_through_a_group(client, personas, plan):
    client.force_login(personas.outsider_clerk)
    assert _my_seqs(client.get(reverse("plans:my_tasks"))) == ([], [1])


def test_my_tasks_is_for_unit_clerks(client, personas, plan):
    client.force_login(personas.office)
    assert client.get(reverse("plans:my_tasks")).status_code == 403


def test_a_clerk_without_tasks_is_told_so(client, personas, plan):
    lonely = Unit.objects.create(jurisdiction=personas.jurisdiction, name="县档案馆")
    client.force_login(ClerkFactory(username="lonely", unit=lonely))
    response = client.get(reverse("plans:my_tasks"))
    assert response.status_code == 200 and response.context["sections"] == []


@pytest.mark.parametrize("who", READERS)
def test_task_detail_shows_everything(client, personas, plan, who):
    client.force_login(getattr(personas, who))
    task = plan.tasks.get(seq=1)
    response = client.get(reverse("plans:task_detail", args=[task.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "完善行政规范性文件备案审查制度" in page and "〔牵头县领导：钱程" in page
    assert "包括：县财政局、县水利局" in page  # group expanded to members
    assert "2023-12-31" in page and "报备率" in page and "第 12–13 行" in page


def test_task_detail_highlights_own_tasks(client, personas, plan):
    task = plan.tasks.get(seq=1)
    client.force_login(personas.lead_clerk)
    assert client.get(reverse("plans:task_detail", args=[task.pk])).context["is_own"] is True
    client.force_login(personas.co_clerk)
    assert client.get(reverse("plans:task_detail", args=[plan.tasks.get(seq=2).pk])).context["is_own"] is False


@pytest.mark.parametrize("who", READERS)
def test_leaders_view_lists_tasks_per_leader(client, personas, plan, who):
    client.force_login(getattr(personas, who))
    response = client.get(reverse("plans:leaders"))
    groups = response.context["groups"]
    assert {g["name"]: [t.seq for t in g["tasks"]] for g in groups} == {"钱程": [1], "王永涛": [3]}


def test_a_leader_sees_own_tasks_first(client, personas, plan):
    Task.objects.filter(plan=plan, seq=2).first().responsibilities.create(role="leader", phrase="王永涛")
    client.force_login(personas.leader_user)
    groups = client.get(reverse("plans:leaders")).context["groups"]
    assert groups[0]["name"] == "钱程" and groups[0]["is_own"] is True
    client.force_login(personas.office)
    groups = client.get(reverse("plans:leaders")).context["groups"]
    assert groups[0]["name"] == "王永涛" and not any(g["is_own"] for g in groups)


def test_leaders_page_queries_are_counted(client, personas, plan, django_assert_num_queries):
    client.force_login(personas.leader_user)
    url = reverse("plans:plan_leaders", args=[plan.pk])
    # session, user, profile with its jurisdiction, plan, responsibilities, lead units, deadlines.
    with django_assert_num_queries(7):
        client.get(url)


def test_a_user_without_a_role_sees_no_plan(client, plan):
    from django.contrib.auth import get_user_model

    nobody = get_user_model().objects.create_user("nobody", password="x")
    client.force_login(nobody)
    assert client.get(reverse("plans:plan_ledger", args=[plan.pk])).status_code == 404
    assert Plan.objects.count() == 1


def test_filtering_by_a_unit_offers_that_units_excel_ledger(client, personas, plan):
    client.force_login(personas.office)
    response = client.get(reverse("plans:plan_ledger", args=[plan.pk]), {"unit": personas.lead_unit.pk})
    body = response.content.decode()
    scoped = reverse("documents:ledger_xlsx", args=[plan.pk]) + f"?unit={personas.lead_unit.pk}"
    assert scoped in body
    assert "县司法局" in body
    assert reverse("plans:ledger_import", args=[plan.pk]) in body


def test_clerks_are_not_offered_the_ledger_import(client, personas, plan):
    client.force_login(personas.lead_clerk)
    response = client.get(reverse("plans:plan_ledger", args=[plan.pk]))
    assert reverse("plans:ledger_import", args=[plan.pk]) not in response.content.decode()
