"""Every named URL of fazhi against every persona, as one explicit table.

One world is built for the module: a county plan with a task led by 县司法局 (lead clerk),
with 县财政局 as 配合单位 (co clerk) and 钱程 as 牵头领导 (leader); 县水利局 has no part in
it (outsider clerk); another county has its own clerk and office. Each row names who may
use the URL; everybody else must be refused (403 or 404), and the anonymous visitor is sent
to the login page. Pages are fetched with GET; POST-only endpoints are posted to (the test
client does not enforce CSRF): the refused get 403/404, the allowed get anything but that.

A URL without a row fails ``test_every_named_url_has_a_row``: add the row with the new view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from fazhi.documents.excel_ledger import ledger_xlsx_bytes
from fazhi.notify.models import Notice, UnitChannel
from fazhi.notify.services import notice_create
from fazhi.plans.ledger_columns import task_key
from fazhi.plans.services import ledger_import_draft_create, pending_import_create
from tests.factories import (
    PDF,
    ClerkFactory,
    EvidenceFileFactory,
    GoalFactory,
    JurisdictionFactory,
    LeaderFactory,
    LeaderUserFactory,
    OfficeFactory,
    PlanFactory,
    ProgressReportFactory,
    TargetFactory,
    TaskFactory,
    UnitFactory,
    UnitGroupFactory,
    assignment_of,
    period_of,
    shared_world,
    tracking_started,
)

PERSONAS = ("office", "lead_clerk", "co_clerk", "outsider_clerk", "other_clerk", "other_office", "leader",
            "anonymous")
SIGNED_IN = PERSONAS[:-1]
# Django's own machinery, not fazhi pages.
SKIPPED_NAMESPACES = ("admin",)
SKIPPED_NAMES = ("set_language",)
QIMEN = Path(__file__).parent / "fixtures/plans/qimen-no-annotations-2022.txt"


class World:
    """The rows every URL's arguments are taken from; see the module docstring."""


def _edited_ledger(plan, task) -> bytes:
    sheet = load_workbook(BytesIO(ledger_xlsx_bytes(plan))).active
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 8).value == task_key(task))
    sheet.cell(row, 2).value = task.text + "，实现应备尽备"
    buffer = BytesIO()
    sheet.parent.save(buffer)
    return buffer.getvalue()


def _build_world() -> World:
    w = World()
    w.county = JurisdictionFactory(name="濉溪县", short_name="县")
    w.lead_unit = UnitFactory(jurisdiction=w.county, name="县司法局")
    w.co_unit = UnitFactory(jurisdiction=w.county, name="县财政局")
    w.outsider_unit = UnitFactory(jurisdiction=w.county, name="县水利局")
    w.group = UnitGroupFactory(jurisdiction=w.county, phrase="县政府各部门", members=[w.co_unit, w.outsider_unit])
    w.leader_seat = LeaderFactory(jurisdiction=w.county, name="钱程")
    other_county = JurisdictionFactory(name="屯溪区", short_name="区")
    w.users = {
        "office": OfficeFactory(jurisdiction=w.county),
        "lead_clerk": ClerkFactory(unit=w.lead_unit),
        "co_clerk": ClerkFactory(unit=w.co_unit),
        "outsider_clerk": ClerkFactory(unit=w.outsider_unit),
        "other_clerk": ClerkFactory(unit=UnitFactory(jurisdiction=other_county, name="区司法局")),
        "other_office": OfficeFactory(jurisdiction=other_county),
        "leader": LeaderUserFactory(leader=w.leader_seat),
    }
    w.plan = PlanFactory(jurisdiction=w.county)
    w.task = TaskFactory(plan=w.plan, text="完善行政规范性文件备案审查制度", leaders=[w.leader_seat],
                         lead_units=[w.lead_unit], co_units=[w.co_unit], ongoing=True)
    w.goal = GoalFactory(plan=w.plan, year=2022)
    w.target = TargetFactory(task=w.task)
    tracking_started(w.plan, through=date(2022, 12, 31))
    w.lead = assignment_of(w.task, w.lead_unit)
    w.co = assignment_of(w.task, w.co_unit)
    w.july = period_of(w.plan, "month", "2022-07-01")
    w.reports = {
        "draft": ProgressReportFactory(assignment=w.lead, period=w.july, state="draft"),
        "submitted": ProgressReportFactory(assignment=w.lead, period=period_of(w.plan, "month", "2022-08-01"),
                                           state="submitted"),
        "returned": ProgressReportFactory(assignment=w.lead, period=period_of(w.plan, "month", "2022-09-01"),
                                          state="returned"),
        "accepted": ProgressReportFactory(assignment=w.lead, period=period_of(w.plan, "quarter", "2022-07-01"),
                                          state="accepted"),
    }
    w.co_draft = ProgressReportFactory(assignment=w.co, period=w.july)
    # The 配合单位's August report, awaiting its 牵头单位's review (the office may step in).
    w.co_submitted = ProgressReportFactory(assignment=w.co, period=period_of(w.plan, "month", "2022-08-01"),
                                           state="submitted")
    w.evidence = EvidenceFileFactory(report=w.reports["draft"], by=w.users["lead_clerk"])
    w.co_evidence = EvidenceFileFactory(report=w.co_draft, by=w.users["co_clerk"])  # the lead may cite it
    w.channel = UnitChannel.objects.create(unit=w.lead_unit, kind=UnitChannel.Kind.EMAIL,
                                           target="sifaju@example.gov.cn")
    w.notice = notice_create(kind=Notice.Kind.URGE, unit=w.lead_unit, title="【催办】县司法局法治政府建设任务",
                             by=w.users["office"])
    w.pending = pending_import_create(jurisdiction=w.county, data=QIMEN.read_bytes(), filename=QIMEN.name,
                                      by=w.users["office"])
    w.ledger_draft = ledger_import_draft_create(plan=w.plan, data=_edited_ledger(w.plan, w.task),
                                                filename="台账.xlsx", by=w.users["office"])
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_world(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield _build_world()



@dataclass(frozen=True)
class Row:
    """Who may use a URL. ``args`` builds the URL's kwargs from the world; ``query`` its query string.
    ``post``: a POST-only endpoint. ``login_is_home``: a redirect to the login page is the
    URL's own answer, not a refusal (logout)."""

    allowed: tuple[str, ...]
    args: object = None
    query: object = None
    post: bool = False
    data: object = None
    login_is_home: bool = False


EVERYONE = PERSONAS
OFFICE = ("office",)
CLERKS = ("lead_clerk", "co_clerk", "outsider_clerk", "other_clerk")
# Every role of the county reads its plan; the other county's users do not even learn it exists.
PLAN_READERS = ("office", "lead_clerk", "co_clerk", "outsider_clerk", "leader")
# Writing the 牵头单位's report: its own clerk and the county office.
LEAD_AUTHORS = ("office", "lead_clerk")


def _directory(w):
    return {"jurisdiction": w.county.pk}


def _plan(w):
    return {"pk": w.plan.pk}


def _report(state):
    return lambda w: {"pk": w.reports[state].pk}


def _draft_report(w):
    return {"report_pk": w.reports["draft"].pk}


def _lead_in_july(w):
    return {"assignment_pk": w.lead.pk, "period_pk": w.july.pk}


def _lead_in_september(w):
    return {"assignment_pk": w.lead.pk, "period_pk": w.reports["returned"].period_id}


def _lead_report_form(w):
    """The 牵头单位's July card as the clerk's page posts it."""
    report = w.reports["draft"]
    fields = {"status": "in_progress", "percent": "", "narrative": "已召开专题会议部署", "actions_done": "",
              "next_steps": "", "problems": "", "unable_reason": "", "version": str(report.version)}
    return {f"a{w.lead.pk}p{w.july.pk}-{name}": value for name, value in fields.items()}


TABLE: dict[str, Row] = {
    "login": Row(EVERYONE),
    "logout": Row(EVERYONE, post=True, login_is_home=True),
    "web:home": Row(SIGNED_IN),
    # 待办: every signed-in user has one (a 县领导's is empty); a notice is marked read by its unit's clerk.
    "web:todo": Row(SIGNED_IN),
    "web:notice_read": Row(("lead_clerk",), args=lambda w: {"pk": w.notice.pk}, post=True),
    # The directory: the county's office only (another county's office is refused by ?jurisdiction=).
    "orgs:directory": Row(OFFICE, query=_directory),
    "orgs:export": Row(OFFICE, query=_directory),
    "orgs:import": Row(OFFICE, query=_directory),
    "orgs:unit_create": Row(OFFICE, query=_directory),
    "orgs:group_create": Row(OFFICE, query=_directory),
    "orgs:group_edit": Row(OFFICE, args=lambda w: {"pk": w.group.pk}),
    # A unit edited in place; 停用 and merge show their preview on GET and change nothing.
    "orgs:unit_edit": Row(OFFICE, args=lambda w: {"pk": w.outsider_unit.pk}),
    "orgs:unit_activation": Row(OFFICE, args=lambda w: {"pk": w.outsider_unit.pk}),
    "orgs:unit_merge": Row(OFFICE, args=lambda w: {"pk": w.outsider_unit.pk}),
    # The ledger pages: without a plan in the URL each user gets the plans of their own county.
    "plans:ledger": Row(SIGNED_IN),
    "plans:leaders": Row(SIGNED_IN),
    "plans:plan_ledger": Row(PLAN_READERS, args=_plan),
    "plans:plan_leaders": Row(PLAN_READERS, args=_plan),
    "plans:task_detail": Row(PLAN_READERS, args=lambda w: {"pk": w.task.pk}),
    "plans:my_tasks": Row(CLERKS),
    "plans:upload": Row(("office", "other_office")),
    "plans:preview": Row(OFFICE, args=lambda w: {"pk": w.pending.pk}),
    "plans:confirm": Row(OFFICE, args=lambda w: {"pk": w.pending.pk}, post=True),
    # Keeping a task as read changes nothing the other rows depend on.
    "plans:preview_task_review": Row(OFFICE, args=lambda w: {"pk": w.pending.pk, "seq": 1}, post=True,
                                     data=lambda w: {"action": "keep"}),
    "documents:ledger_xlsx": Row(PLAN_READERS, args=_plan),
    "plans:ledger_import": Row(OFFICE, args=_plan),
    "plans:ledger_import_draft": Row(OFFICE, args=lambda w: {"pk": w.plan.pk, "draft_pk": w.ledger_draft.pk}),
    "plans:ledger_import_apply": Row(OFFICE, args=lambda w: {"pk": w.plan.pk, "draft_pk": w.ledger_draft.pk},
                                       post=True, data=lambda w: {"accept": [task_key(w.task)]}),
    # Plan maintenance: the plan's own office; the revision record: the offices that read the plan.
    "plans:task_add": Row(OFFICE, args=_plan),
    "plans:task_edit": Row(OFFICE, args=lambda w: {"pk": w.task.pk}),
    "plans:task_remove": Row(OFFICE, args=lambda w: {"pk": w.task.pk}),
    "plans:task_split": Row(OFFICE, args=lambda w: {"pk": w.task.pk}),
    "plans:task_merge": Row(OFFICE, args=lambda w: {"pk": w.task.pk}),
    "plans:plan_manage": Row(OFFICE, args=_plan),
    "plans:plan_delete": Row(OFFICE, args=_plan),
    "plans:revisions": Row(OFFICE, args=_plan),
    "plans:revision_detail": Row(OFFICE, args=lambda w: {"pk": w.plan.pk, "number": 1}),
    # 我的填报: each clerk its own unit, an office any unit of its county; not for 县领导.
    "tracking:my_home": Row(("office", "other_office", *CLERKS)),
    "tracking:report_save": Row(LEAD_AUTHORS, args=_lead_in_july, post=True, data=_lead_report_form),
    "tracking:report_submit": Row(LEAD_AUTHORS, args=_lead_in_july, post=True, data=_lead_report_form),
    # The card of 我的填报 on its own page: who writes the report; a 配合单位 or 县领导 has no card of it.
    "tracking:report_edit": Row(LEAD_AUTHORS, args=_lead_in_july),
    # 沿用上期 / 复制上期 into September (returned), from the lead's August report.
    "tracking:report_carry_over": Row(LEAD_AUTHORS, args=_lead_in_september, post=True),
    "tracking:report_copy_last": Row(LEAD_AUTHORS, args=_lead_in_september, post=True),
    "tracking:measurement_add": Row(LEAD_AUTHORS, post=True, args=lambda w: {
        "report_pk": w.reports["draft"].pk, "target_pk": w.target.pk},
        data=lambda w: {"value": "36", "unit": "件", "as_of": "2022-07-31"}),
    "tracking:evidence_upload": Row(LEAD_AUTHORS, args=_draft_report, post=True, data=lambda w: {
        "file": SimpleUploadedFile("执法公示截图.pdf", PDF + b"upload")}),
    "tracking:evidence_cite": Row(LEAD_AUTHORS, args=_draft_report, post=True,
                                  data=lambda w: {"evidence": str(w.co_evidence.pk)}),
    "tracking:evidence_detach": Row(LEAD_AUTHORS, post=True, args=lambda w: {
        "report_pk": w.reports["draft"].pk, "evidence_pk": w.evidence.pk}),
    # A file: its uploader and whoever may read a report citing it (the lead's report: not the 配合单位).
    "tracking:evidence_download": Row(("office", "lead_clerk", "leader"),
                                      args=lambda w: {"evidence_pk": w.evidence.pk}),
    # 预览 (inline PDF/images): the same rule as the download.
    "tracking:evidence_preview": Row(("office", "lead_clerk", "leader"),
                                     args=lambda w: {"evidence_pk": w.evidence.pk}),
    "tracking:board": Row(("office", "other_office")),
    "tracking:review_queue": Row(("office", "other_office")),
    # Batch 通过: the county office, and a 牵头单位's clerk for its 配合单位' reports.
    "tracking:reports_accept_batch": Row(("office", "lead_clerk"), post=True,
                                         data=lambda w: {"report": [str(w.co_submitted.pk)]}),
    "tracking:review_route": Row(OFFICE, args=lambda w: {"plan_pk": w.plan.pk}, post=True, data=lambda w: {"co_reports_to_office": "1"}),
    # 配合单位报告: the clerks of a unit that leads a task.
    "tracking:co_reports": Row(("lead_clerk",)),
    "tracking:urge": Row(OFFICE, args=lambda w: {"plan_pk": w.plan.pk, "unit_pk": w.lead_unit.pk}, post=True),
    "tracking:periods": Row(OFFICE, args=lambda w: {"plan_pk": w.plan.pk}),
    "tracking:periods_start": Row(OFFICE, args=lambda w: {"plan_pk": w.plan.pk}, post=True,
                                  data=lambda w: {"tracking_start": "2022-07-01"}),
    "tracking:periods_end": Row(OFFICE, args=lambda w: {"plan_pk": w.plan.pk}, post=True,
                                data=lambda w: {"tracking_end": "2030-12-31"}),
    "tracking:period_action": Row(OFFICE, args=lambda w: {"pk": w.july.pk, "action": "close"}, post=True),
    "tracking:goal_assess": Row(OFFICE, args=lambda w: {"goal_pk": w.goal.pk}, post=True,
                                data=lambda w: {"achieved": "1", "note": "全年目标完成"}),
    # A report of the 牵头单位: the office, the unit itself and the task's 牵头领导 read it.
    "tracking:report_review": Row(("office", "lead_clerk", "leader"), args=_report("submitted")),
    "tracking:report_accept": Row(OFFICE, args=_report("submitted"), post=True),
    "tracking:report_return": Row(OFFICE, args=_report("submitted"), post=True,
                                 data=lambda w: {"comment": "请补充佐证材料"}),
    # A task's history: the county office, its units (each its own reports) and its 牵头领导.
    "tracking:task_history": Row(("office", "lead_clerk", "co_clerk", "leader"), args=lambda w: {"pk": w.task.pk}),
    "tracking:leader_home": Row(("leader",)),
    "tracking:cadence": Row(OFFICE, args=lambda w: {"plan_pk": w.plan.pk}),
    # 设置: every office; the work calendar and the site address are read by every office (both
    # counties are top jurisdictions here, so both keep them); channels are each county's own.
    "web:settings": Row(("office", "other_office")),
    "workcal:years": Row(("office", "other_office")),
    "workcal:year": Row(("office", "other_office"), args=lambda w: {"year": 2027}),
    "notify:site": Row(("office", "other_office")),
    "notify:channels": Row(("office", "other_office")),
    "notify:unit_channels": Row(OFFICE, args=lambda w: {"unit_pk": w.lead_unit.pk}),
    "notify:channel_test": Row(OFFICE, args=lambda w: {"pk": w.channel.pk}, post=True),
    "notify:channel_edit": Row(OFFICE, args=lambda w: {"pk": w.channel.pk}),
    "notify:channel_action": Row(OFFICE, args=lambda w: {"pk": w.channel.pk, "action": "disable"}, post=True),
    # Every signed-in user changes their own password.
    "accounts:password_change": Row(SIGNED_IN),
    # Accounts, the login record and the audit log: each office its own county's (or below).
    "accounts:list": Row(("office", "other_office")),
    "accounts:create": Row(("office", "other_office")),
    "accounts:import": Row(("office", "other_office")),
    "accounts:import_template": Row(("office", "other_office")),
    # Without a preview in the session the office is told so (409), nothing is created.
    "accounts:import_confirm": Row(("office", "other_office"), post=True),
    "accounts:credentials": Row(("office", "other_office"), post=True),
    "accounts:action": Row(OFFICE, args=lambda w: {"pk": w.users["lead_clerk"].profile.pk, "action": "unlock"},
                           post=True),
    "accounts:login_record": Row(("office", "other_office")),
    "audit:events": Row(("office", "other_office")),
    "audit:export": Row(("office", "other_office")),
}


def named_urls(resolver=None, namespace=""):
    """Every URL name of the project, with its namespace, except Django's own (admin, set_language)."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            yield from named_urls(entry, namespace + (f"{entry.namespace}:" if entry.namespace else ""))
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in SKIPPED_NAMES:
            yield namespace + entry.name


def test_every_named_url_has_a_row():
    names = set(named_urls())
    missing = sorted(names - set(TABLE))
    assert not missing, f"URL names without a row in tests/test_url_access.py TABLE: {', '.join(missing)}"
    stale = sorted(set(TABLE) - names)
    assert not stale, f"rows for URL names that no longer exist: {', '.join(stale)}"


def _outcome(response, row: Row) -> str:
    location = response.get("Location", "")
    to_login = response.status_code in (301, 302) and location.split("?")[0] == reverse("login")
    if to_login and not row.login_is_home:
        return "login"
    if response.status_code in (403, 404):
        return "refused"
    if response.status_code >= 500:
        return f"error {response.status_code}"
    errors = [str(m) for m in getattr(response.wsgi_request, "_messages", []) if m.level == messages.ERROR]
    if errors:
        return f"refused by message “{errors[0]}”"
    if row.post:
        return "allowed"  # a form error (400) is still the view doing its work
    return "allowed" if response.status_code < 400 else f"status {response.status_code}"


def _expected(persona: str, row: Row) -> str:
    if persona in row.allowed:
        return "allowed"
    return "login" if persona == "anonymous" else "refused"


@pytest.mark.parametrize("name", sorted(TABLE))
def test_who_may_use_the_url(world, db, name):
    row = TABLE[name]
    url = reverse(name, kwargs=row.args(world) if row.args else None)
    query = row.query(world) if row.query else {}
    wrong = []
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.users[persona])
        with transaction.atomic():  # what an allowed POST changes is gone before the next persona
            response = client.post(url, row.data(world) if row.data else {}) if row.post else client.get(url, query)
            transaction.set_rollback(True)
        got, expected = _outcome(response, row), _expected(persona, row)
        if got != expected:
            wrong.append(f"{persona}: expected {expected}, got {got} ({response.status_code})")
    assert not wrong, f"{'POST' if row.post else 'GET'} {url}: " + "; ".join(wrong)


def test_the_world_has_a_report_in_each_state(world, db):
    assert {state: r.state for state, r in world.reports.items()} == {
        "draft": "draft", "submitted": "submitted", "returned": "returned", "accepted": "accepted"}
    assert get_user_model().objects.filter(pk=world.users["leader"].pk, profile__leader=world.leader_seat).exists()
