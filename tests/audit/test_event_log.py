"""The office's audit log page: its jurisdiction's events (a city office: and below), filters, paging,
before/after, the .xlsx export."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.audit.excel import events_xlsx
from fazhi.audit.labels import ACTION_LABELS, event_changes, event_details
from fazhi.audit.models import Event
from fazhi.audit.services import event_record
from fazhi.orgs.services import unit_create, unit_update
from tests.factories import JurisdictionFactory, OfficeFactory, UnitFactory


@pytest.fixture
def log(personas):
    """A unit created by the office, a calendar-like edit with before/after, and an event of another county."""
    unit = unit_create(jurisdiction=personas.jurisdiction, name="县气象局", full_name="", kind="government",
                       by=personas.office)
    event_record(actor=personas.admin, action="admin.change", target=personas.co_unit,
                 data={"before": {"full_name": "濉溪县财政局"}, "after": {"full_name": "濉溪县财政局（国资委）"}})
    other = JurisdictionFactory(name="杜集区", short_name="区")
    other_unit = UnitFactory(jurisdiction=other, name="区司法局")
    event_record(actor=None, action="orgs.unit_update", target=other_unit)
    return unit


def test_the_office_sees_its_events_with_before_and_after(client, personas, log):
    client.force_login(personas.office)
    page = client.get(reverse("audit:events")).content.decode()
    assert "新增单位" in page and "县气象局" in page
    assert "后台修改" in page and "濉溪县财政局（国资委）" in page and "→" in page
    assert "区司法局" not in page


@pytest.mark.parametrize(("query", "present", "absent"), [
    ({"action": "orgs.unit_create"}, "县气象局", "国资委"),
    ({"target": "orgs.unit", "q": "财政"}, "国资委", "县气象局"),
    ({"who": "admin"}, "国资委", "县气象局"),
    ({"who": "office"}, "县气象局", "国资委"),
])
def test_the_filters_narrow_the_log(client, personas, log, query, present, absent):
    client.force_login(personas.office)
    page = client.get(reverse("audit:events"), query).content.decode()
    assert present in page and absent not in page


def test_the_date_range_filters_and_a_bad_date_is_explained(client, personas, log):
    client.force_login(personas.office)
    Event.objects.filter(action="orgs.unit_create").update(at=timezone.now() - timedelta(days=40))
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    page = client.get(reverse("audit:events"), {"since": since}).content.decode()
    assert "国资委" in page and "县气象局" not in page
    page = client.get(reverse("audit:events"), {"until": "2020-13-01"}).content.decode()
    assert "日期“2020-13-01”无法识别" in page


def test_a_city_office_reads_its_counties_events(client, personas, log):
    city = JurisdictionFactory(city=True)
    personas.jurisdiction.parent = city
    personas.jurisdiction.save()
    client.force_login(OfficeFactory(jurisdiction=city))
    page = client.get(reverse("audit:events")).content.decode()
    assert "县气象局" in page and "区司法局" not in page


def test_the_log_is_paged(client, personas):
    for n in range(55):
        event_record(actor=personas.office, action="unit.urge", target=personas.lead_unit, data={"n": n})
    client.force_login(personas.office)
    first = client.get(reverse("audit:events"), {"action": "unit.urge"})
    assert len(first.context["page"]) == 50 and "第 1 / 2 页，共 55 条" in first.content.decode()
    assert "action=unit.urge&amp;page=2" in first.content.decode()
    second = client.get(reverse("audit:events"), {"action": "unit.urge", "page": 2})
    assert len(second.context["page"]) == 5


def test_the_export_holds_the_filtered_events(client, personas, log):
    client.force_login(personas.office)
    response = client.get(reverse("audit:export"), {"target": "orgs.unit"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("时间", "操作人", "操作", "对象类型", "对象", "辖区", "修改前后", "详情")
    assert {row[4] for row in rows[1:]} == {"县气象局", "县财政局"}
    change = next(row for row in rows[1:] if row[2] == "后台修改")
    assert change[6] == "全称：濉溪县财政局 → 濉溪县财政局（国资委）"


def test_the_export_is_bounded(personas):
    for n in range(5):
        event_record(actor=None, action="unit.urge", target=personas.lead_unit, data={"n": n})
    body, truncated = events_xlsx(Event.objects.all(), max_rows=3)
    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    assert truncated and len(rows) == 1 + 3 + 1
    assert rows[-1][0] == "仅导出最新的 3 条，请缩小日期范围后分批导出"


@pytest.mark.parametrize("persona", ["lead_clerk", "leader_user"])
def test_clerks_and_leaders_have_no_audit_log(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("audit:events")).status_code == 403
    assert client.get(reverse("audit:export")).status_code == 403


def test_the_page_costs_a_fixed_number_of_queries(client, personas, log, django_assert_max_num_queries):
    for n in range(30):
        event_record(actor=personas.office, action="unit.urge", target=personas.lead_unit, data={"n": n})
    client.force_login(personas.office)
    with django_assert_max_num_queries(12):
        client.get(reverse("audit:events"))


@pytest.mark.parametrize(("data", "changes"), [
    ({"changes": {"full_name": ["县财政局", "濉溪县财政局"], "is_active": [True, False]}},
     [("全称", "县财政局", "濉溪县财政局"), ("启用", "是", "否")]),
    ({"from": "2026-12-31", "to": "2027-01-08", "version": 2}, [("", "2026-12-31", "2027-01-08")]),
    ({"before": {"is_active": True}, "after": {"is_active": False}}, [("启用", "是", "否")]),
    ({"alias": "县财政"}, []),
])
def test_each_shape_of_an_edit_shows_before_and_after(data, changes):
    assert event_changes(data) == changes


def test_a_directory_edit_shows_its_old_and_new_value(client, personas):
    unit_update(unit=personas.co_unit, full_name="濉溪县财政局（国资委）", by=personas.office)
    client.force_login(personas.office)
    page = client.get(reverse("audit:events"), {"action": "orgs.unit_update"}).content.decode()
    assert "修改单位" in page and "全称" in page and "濉溪县财政局（国资委）" in page


@pytest.mark.parametrize(("action", "data", "changes"), [
    ("progress_report.return", {"from": "submitted", "to": "returned"}, [("状态", "已报送", "已退回")]),
    ("period.close", {"from": "open", "to": "closed"}, [("状态", "填报中", "已截止")]),
    ("tracking.end_set", {"from": None, "to": "2026-12-31"}, [("调度截止日期", "—", "2026-12-31")]),
    ("period.due_confirm", {"from": "2027-01-07", "to": "2027-01-08"}, [("截止日期", "2027-01-07", "2027-01-08")]),
])
def test_a_from_to_pair_says_what_changed_in_words(action, data, changes):
    assert event_changes(data, action) == changes


def _recorded_actions() -> set[str]:
    """Every action code the code records: the literals given as ``action=`` (either side of a
    conditional), the evidence links, the login results, and the two workflow tables."""
    from fazhi.accounts.services import LOGIN_ACTIONS  # tests may import any layer
    from fazhi.tracking.services.periods import PERIOD_TRANSITIONS
    from fazhi.tracking.workflow import REPORT_WORKFLOW

    codes = set(LOGIN_ACTIONS.values())
    codes |= {f"period.{name}" for name in PERIOD_TRANSITIONS.values()}
    codes |= {f"progress_report.{action}" for action, _state in REPORT_WORKFLOW.transitions}
    literal = r'"([a-z_]+\.[a-z_]+)"'
    for path in (Path(__file__).parents[2] / "fazhi").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(rf'action={literal}(?:\s+if\s+[^\n]+?\s+else\s+{literal})?', source):
            codes |= {code for code in match.groups() if code}
        codes |= set(re.findall(rf'_link\([^)]*{literal}\)', source))
    return codes


def test_every_recorded_action_is_named_in_chinese():
    codes = _recorded_actions()
    assert {"task.add", "plan.unarchive", "orgs.unit_deactivate", "evidence.cite", "period.open"} <= codes
    assert sorted(code for code in codes if code not in ACTION_LABELS) == []


def test_an_import_and_a_revision_read_in_words(client, personas):
    event_record(actor=personas.office, action="plan.import", target=personas.lead_unit,
                 data={"source_name": "方案.txt", "tasks": 36, "unmatched": []})
    event_record(actor=personas.office, action="task.add", target=personas.lead_unit,
                 data={"seq": 37, "renumbered": 0, "reason": "县委新增部署"})
    client.force_login(personas.office)
    page = client.get(reverse("audit:events")).content.decode()
    assert "文件名：方案.txt" in page and "任务数：36" in page and "新增任务" in page and "修改原因：县委新增部署" in page
    assert "source_name" not in page and "task.add" not in page.replace('value="task.add"', "")


def test_codes_read_as_the_labels_of_the_target_models_choices(personas):
    assert event_details({"kind": "park", "is_sample": True}, "orgs.unit_create", "orgs.unit") == [
        ("类别", "园区"), ("示例数据", "是")]
    assert event_details({"revision": 2, "ops": ["added", "split"]}, "plan.revision", "plans.plan") == [
        ("修订号", "2"), ("修改内容", "新增、拆分")]
    assert event_changes({"before": {"kind": "town"}, "after": {"kind": "park"}}, "orgs.unit_edit", "orgs.unit") == [
        ("类别", "镇", "园区")]
    assert event_details({"kind": "not-a-code"}, "x.y", "no.such_model") == [("类别", "not-a-code")]


def test_a_unit_recorded_by_its_id_reads_as_its_name_and_an_empty_fact_is_left_out(client, personas):
    event_record(actor=personas.office, action="channel.add", target=personas.lead_unit,
                 data={"unit": personas.lead_unit.pk, "kind": "email", "leader": ""})
    client.force_login(personas.office)
    page = client.get(reverse("audit:events"), {"action": "channel.add"}).content.decode()
    assert "单位：县司法局" in page and "领导：" not in page
