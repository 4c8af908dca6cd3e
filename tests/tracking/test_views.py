"""The tracking screens through the test client: access per role, autosave and conflicts,
the review loop, 佐证材料, 催办 and the board's query count."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fazhi.accounts.models import Role
from fazhi.files.models import EvidenceFile
from fazhi.notify.models import UnitChannel
from fazhi.tracking.models import Period, ProgressReport, ReportEvidence
from fazhi.tracking.services import (
    cadence_update,
    period_close,
    progress_report_save_draft,
    progress_report_submit,
)
from fazhi.workcal.models import CalendarYear
from tests.conftest import make_user
from tests.tracking.domain_helpers import PDF, add_task, assignment, make_plan, start_tracking

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def loop(personas):
    """A plan tracked monthly from this month: task 1 led by 县司法局 with 县财政局 as 配合单位,
    task 2 led by 县司法局 alone; one open period (this month)."""
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        CalendarYear.objects.get_or_create(year=year, defaults={"complete": True})
    plan = make_plan(personas, issued_on=today.replace(day=1))
    cadence_update(plan=plan, by=personas.office, quarterly=False, yearly=False)
    task1 = add_task(plan, 1, text="深入推进严格规范公正文明执法", lead=personas.lead_unit, co=[personas.co_unit],
                     deadlines=[("ongoing", None, "")], leader=personas.leader)
    task2 = add_task(plan, 2, text="全面推行行政执法公示制度", lead=personas.lead_unit,
                     deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas, through=today)
    period = Period.objects.get(plan=plan)

    class Loop:
        pass

    loop = Loop()
    loop.plan, loop.task1, loop.task2, loop.period = plan, task1, task2, period
    loop.lead = assignment(task1, personas.lead_unit)
    loop.co = assignment(task1, personas.co_unit)
    loop.lead2 = assignment(task2, personas.lead_unit)
    return loop


def form_data(a, p, *, version=0, narrative="已召开专题会议部署", **extra):
    prefix = f"a{a.pk}p{p.pk}"
    data = {"status": "in_progress", "narrative": narrative, "actions_done": "2025-03-31 | 濉司〔2025〕3号 | 召开专题会议",
            "next_steps": "", "problems": "", "percent": "", "unable_reason": "", "version": str(version), **extra}
    return {f"{prefix}-{k}": v for k, v in data.items()}


def save_url(a, p):
    return reverse("tracking:report_save", args=[a.pk, p.pk])


def submit_url(a, p):
    return reverse("tracking:report_submit", args=[a.pk, p.pk])


def draft(personas, a, p, narrative="初稿", by=None):
    return progress_report_save_draft(assignment=a, period=p, by=by or personas.lead_clerk,
                                      data={"narrative": narrative}, expected_version=None)


def submitted(client, personas, loop, a=None, clerk=None):
    a = a or loop.lead
    client.force_login(clerk or personas.lead_clerk)
    response = client.post(submit_url(a, loop.period), form_data(a, loop.period))
    assert response.status_code == 302
    return ProgressReport.objects.get(assignment=a, period=loop.period)


# ---------------------------------------------------------------- access


@pytest.mark.parametrize("name,args", [
    ("tracking:my_home", []), ("tracking:board", []), ("tracking:review_queue", []),
])
def test_anonymous_is_sent_to_login(client, loop, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_anonymous_cannot_open_task_history_or_save(client, loop):
    assert "/login/" in client.get(reverse("tracking:task_history", args=[loop.task1.pk]))["Location"]
    assert "/login/" in client.post(save_url(loop.lead, loop.period), {})["Location"]


@pytest.mark.parametrize("who", ["lead_clerk", "co_clerk", "outsider_clerk", "leader_user"])
def test_only_the_office_opens_board_and_review_queue(client, personas, loop, who):
    client.force_login(getattr(personas, who))
    assert client.get(reverse("tracking:board")).status_code == 403
    assert client.get(reverse("tracking:review_queue")).status_code == 403


def test_office_opens_board_and_review_queue(client, personas, loop):
    client.force_login(personas.office)
    assert client.get(reverse("tracking:board")).status_code == 200
    assert client.get(reverse("tracking:review_queue")).status_code == 200


def test_clerk_home_shows_only_own_units_assignments(client, personas, loop):
    client.force_login(personas.co_clerk)
    body = client.get(reverse("tracking:my_home")).content.decode()
    assert f'id="item-a{loop.co.pk}p{loop.period.pk}"' in body
    assert f'id="item-a{loop.lead.pk}p{loop.period.pk}"' not in body
    assert "全面推行行政执法公示制度" not in body


def test_lead_clerk_home_has_both_tasks_and_outsider_has_none(client, personas, loop):
    client.force_login(personas.lead_clerk)
    body = client.get(reverse("tracking:my_home")).content.decode()
    assert body.count('class="home-item"') == 2
    client.force_login(personas.outsider_clerk)
    body = client.get(reverse("tracking:my_home")).content.decode()
    assert "home-item" not in body and "本期暂无需要您填报的任务" in body


@pytest.mark.parametrize("who", ["co_clerk", "outsider_clerk", "leader_user"])
def test_others_cannot_write_the_lead_units_report(client, personas, loop, who):
    client.force_login(getattr(personas, who))
    assert client.post(save_url(loop.lead, loop.period), form_data(loop.lead, loop.period)).status_code == 403
    assert client.post(submit_url(loop.lead, loop.period), form_data(loop.lead, loop.period)).status_code == 403
    assert not ProgressReport.objects.filter(assignment=loop.lead).exists()


def test_leader_cannot_open_clerk_home_but_reads_task_history(client, personas, loop):
    client.force_login(personas.leader_user)
    assert client.get(reverse("tracking:my_home")).status_code == 403
    assert client.get(reverse("tracking:task_history", args=[loop.task1.pk])).status_code == 200


def test_outsider_cannot_open_task_history_or_report(client, personas, loop):
    report = draft(personas, loop.lead, loop.period)
    client.force_login(personas.outsider_clerk)
    assert client.get(reverse("tracking:task_history", args=[loop.task1.pk])).status_code == 403
    assert client.get(reverse("tracking:report_review", args=[report.pk])).status_code == 403


def test_office_picks_a_unit_on_the_clerk_home(client, personas, loop):
    client.force_login(personas.office)
    body = client.get(reverse("tracking:my_home") + f"?unit={personas.lead_unit.pk}").content.decode()
    assert body.count('class="home-item"') == 2
    # each row opens its card with the chosen unit kept
    assert reverse("tracking:report_edit", args=[loop.lead.pk, loop.period.pk]) + f"?unit={personas.lead_unit.pk}" in body


def test_lead_sees_co_units_report_above_its_form(client, personas, loop):
    co = draft(personas, loop.co, loop.period, narrative="财政局已拨付专项经费", by=personas.co_clerk)
    progress_report_submit(report=co, by=personas.co_clerk, expected_version=co.version)  # a draft is not shown
    client.force_login(personas.lead_clerk)
    body = client.get(reverse("tracking:report_edit", args=[loop.lead.pk, loop.period.pk])).content.decode()
    assert "配合单位报告" in body and "财政局已拨付专项经费" in body


@pytest.fixture
def city_office(personas):
    """The 依法治市办 of the city above the personas' county."""
    from fazhi.orgs.models import Jurisdiction

    city = Jurisdiction.objects.create(name="淮北市", level=Jurisdiction.Level.CITY)
    personas.jurisdiction.parent = city
    personas.jurisdiction.save()
    return make_user("office_city", role=Role.OFFICE, jurisdiction=city)


CITY_REFUSAL = "此操作须由濉溪县依法治县办办理"


def test_a_city_office_reads_its_countys_board_ledger_and_reports(client, personas, loop, city_office):
    report = submitted(client, personas, loop)
    client.force_login(city_office)
    board = client.get(reverse("tracking:board") + f"?plan={loop.plan.pk}")
    assert board.status_code == 200 and board.context["plan"] == loop.plan
    assert client.get(reverse("plans:plan_ledger", args=[loop.plan.pk])).status_code == 200
    periods = client.get(reverse("tracking:periods", args=[loop.plan.pk]))
    assert periods.status_code == 200
    # It reads: no button it may not press (each would answer 403), and the page says who acts.
    for page in (board, periods):
        html = page.content.decode()
        assert "/urge/" not in html and "/assess/" not in html and "/lock/" not in html and "/close/" not in html
    assert 'id="read-only"' in periods.content.decode()
    client.force_login(personas.office)  # the county's own office does see them
    assert "/lock/" in client.get(reverse("tracking:periods", args=[loop.plan.pk])).content.decode()
    client.force_login(city_office)
    assert [r.pk for r in client.get(reverse("tracking:review_queue")).context["reports"]] == [report.pk]
    review = client.get(reverse("tracking:report_review", args=[report.pk]))
    assert review.status_code == 200 and not review.context["may_review"]
    assert CITY_REFUSAL in review.context["review_refusal"]


def test_a_city_office_cannot_review_its_countys_reports(client, personas, loop, city_office):
    report = submitted(client, personas, loop)
    client.force_login(city_office)
    for action in ("tracking:report_accept", "tracking:report_return"):
        response = client.post(reverse(action, args=[report.pk]), {"comment": "请补充佐证材料"})
        assert response.status_code == 403 and CITY_REFUSAL in response.content.decode()
    report.refresh_from_db()
    assert report.state == ProgressReport.State.SUBMITTED


def test_a_city_office_cannot_lock_its_countys_period(client, personas, loop, city_office):
    client.force_login(city_office)
    for action in ("lock", "close"):
        response = client.post(reverse("tracking:period_action", args=[loop.period.pk, action]))
        assert response.status_code == 403 and CITY_REFUSAL in response.content.decode()
    response = client.post(reverse("tracking:periods_start", args=[loop.plan.pk]), {"tracking_start": "2025-01-01"})
    assert response.status_code == 403
    loop.period.refresh_from_db()
    assert loop.period.state == Period.State.OPEN


def test_a_city_office_cannot_urge_its_countys_units(client, personas, loop, city_office):
    UnitChannel.objects.create(unit=personas.lead_unit, kind=UnitChannel.Kind.EMAIL, target="sfj@example.cn")
    client.force_login(city_office)
    response = client.post(reverse("tracking:urge", args=[loop.plan.pk, personas.lead_unit.pk]))
    assert response.status_code == 403 and CITY_REFUSAL in response.content.decode()
    assert len(mail.outbox) == 0


def test_a_city_office_cannot_write_its_countys_reports(client, personas, loop, city_office):
    client.force_login(city_office)
    response = client.post(save_url(loop.lead, loop.period), form_data(loop.lead, loop.period))
    assert response.status_code == 403
    assert not ProgressReport.objects.filter(assignment=loop.lead).exists()


# ---------------------------------------------------------------- autosave and conflicts


def test_autosave_creates_then_increments_the_version(client, personas, loop):
    client.force_login(personas.lead_clerk)
    first = client.post(save_url(loop.lead, loop.period), form_data(loop.lead, loop.period), **HX)
    body = first.content.decode()
    assert first.status_code == 200 and "已自动保存" in body
    assert re.search(r'name="a\d+p\d+-version" value="1"', body)
    assert f'id="evidence-a{loop.lead.pk}p{loop.period.pk}" hx-swap-oob="true"' in body  # upload appears
    second = client.post(save_url(loop.lead, loop.period),
                         form_data(loop.lead, loop.period, version=1, narrative="补充"), **HX)
    assert re.search(r'name="a\d+p\d+-version" value="2"', second.content.decode())
    assert ProgressReport.objects.get(assignment=loop.lead).narrative == "补充"


def test_plain_post_saves_and_redirects_home(client, personas, loop):
    client.force_login(personas.lead_clerk)
    response = client.post(save_url(loop.lead, loop.period), form_data(loop.lead, loop.period))
    assert response.status_code == 302 and response["Location"].startswith(reverse("tracking:my_home"))
    report = ProgressReport.objects.get(assignment=loop.lead)
    assert report.actions_done == [{"date": "2025-03-31", "doc_number": "濉司〔2025〕3号", "text": "召开专题会议"}]


def test_stale_version_shows_conflict_and_keeps_the_users_text(client, personas, loop):
    report = draft(personas, loop.lead, loop.period, narrative="填报员的初稿")
    progress_report_save_draft(assignment=loop.lead, period=loop.period, by=personas.office,
                               data={"narrative": "依法治县办改过的内容"}, expected_version=report.version)
    client.force_login(personas.lead_clerk)
    mine = "我刚写的一大段进展，不能丢"
    response = client.post(save_url(loop.lead, loop.period),
                           form_data(loop.lead, loop.period, version=report.version, narrative=mine), **HX)
    body = response.content.decode()
    assert response.status_code == 200 and response["HX-Retarget"] == f"#card-a{loop.lead.pk}p{loop.period.pk}"
    assert "已被" in body and "您的内容已保留在下方" in body
    assert mine in body and "依法治县办改过的内容" in body  # both versions on screen
    assert 'hx-trigger' not in body  # autosave stops until the user saves on purpose
    assert ProgressReport.objects.get(pk=report.pk).narrative == "依法治县办改过的内容"
    # Plain form (no JS): same message, 409, text kept; the form now carries the current version.
    plain = client.post(save_url(loop.lead, loop.period),
                        form_data(loop.lead, loop.period, version=report.version, narrative=mine))
    assert plain.status_code == 409 and mine in plain.content.decode()
    assert re.search(r'name="a\d+p\d+-version" value="2"', plain.content.decode())
    again = client.post(save_url(loop.lead, loop.period), form_data(loop.lead, loop.period, version=2, narrative=mine))
    assert again.status_code == 302 and ProgressReport.objects.get(pk=report.pk).narrative == mine


def test_two_first_saves_do_not_overwrite_each_other(client, personas, loop):
    draft(personas, loop.lead, loop.period, narrative="先到的")
    client.force_login(personas.lead_clerk)
    body = client.post(save_url(loop.lead, loop.period),
                       form_data(loop.lead, loop.period, version=0, narrative="后到的"), **HX).content.decode()
    assert "后到的" in body and "先到的" in body and "修改" in body
    assert ProgressReport.objects.get(assignment=loop.lead).narrative == "先到的"


def test_unable_without_reason_is_refused_with_the_field_message(client, personas, loop):
    client.force_login(personas.lead_clerk)
    response = client.post(save_url(loop.lead, loop.period), form_data(loop.lead, loop.period, status="unable"),
                           **HX)
    assert "选择“无法完成”时请说明原因" in response.content.decode()
    assert not ProgressReport.objects.filter(assignment=loop.lead).exists()


# ---------------------------------------------------------------- submit, return, accept


def test_submit_saves_what_was_typed_and_submits(client, personas, loop):
    report = submitted(client, personas, loop)
    assert report.state == ProgressReport.State.SUBMITTED and report.narrative == "已召开专题会议部署"


def test_submit_without_narrative_keeps_the_draft_and_says_why(client, personas, loop):
    client.force_login(personas.lead_clerk)
    response = client.post(submit_url(loop.lead, loop.period), form_data(loop.lead, loop.period, narrative=""))
    assert response.status_code == 400 and "请填写工作进展后再报送" in response.content.decode()
    assert ProgressReport.objects.get(assignment=loop.lead).state == ProgressReport.State.DRAFT


def test_review_queue_lists_submitted_reports_oldest_first(client, personas, loop):
    first = submitted(client, personas, loop, a=loop.co, clerk=personas.co_clerk)
    second = submitted(client, personas, loop)
    client.force_login(personas.office)
    # route=all: the 配合单位's report is its 牵头单位's to review, the office lists it on request.
    body = client.get(reverse("tracking:review_queue") + "?route=all").content.decode()
    assert body.index(f'data-report="{first.pk}"') < body.index(f'data-report="{second.pk}"')


def test_return_needs_a_comment(client, personas, loop):
    report = submitted(client, personas, loop)
    client.force_login(personas.office)
    response = client.post(reverse("tracking:report_return", args=[report.pk]), {"comment": "  "})
    assert response.status_code == 400 and "退回时请写明需要修改的内容" in response.content.decode()
    assert ProgressReport.objects.get(pk=report.pk).state == ProgressReport.State.SUBMITTED


def test_returned_report_comes_first_with_the_comment_then_is_accepted(client, personas, loop):
    report = submitted(client, personas, loop)
    client.force_login(personas.office)
    response = client.post(reverse("tracking:report_return", args=[report.pk]), {"comment": "请补充会议纪要"})
    assert response.status_code == 302
    client.force_login(personas.lead_clerk)
    body = client.get(reverse("tracking:my_home")).content.decode()
    first_row = body.index('class="home-item"')
    assert body.index(f'id="item-a{loop.lead.pk}p') < body.index(f'id="item-a{loop.lead2.pk}p')
    assert "is-returned" in body[first_row:first_row + 200]
    card = client.get(reverse("tracking:report_edit", args=[loop.lead.pk, loop.period.pk])).content.decode()
    assert "请补充会议纪要" in card
    report.refresh_from_db()
    client.post(submit_url(loop.lead, loop.period),
                form_data(loop.lead, loop.period, version=report.version, narrative="已补充会议纪要"))
    client.force_login(personas.office)
    client.post(reverse("tracking:report_accept", args=[report.pk]))
    report.refresh_from_db()
    assert report.state == ProgressReport.State.ACCEPTED and report.narrative == "已补充会议纪要"
    history = client.get(reverse("tracking:task_history", args=[loop.task1.pk])).content.decode()
    assert "请补充会议纪要" in history and "已通过" in history


def test_reviewer_cannot_review_own_units_report(client, personas, loop):
    report = submitted(client, personas, loop)
    own = make_user("office_sfj", role=Role.OFFICE, jurisdiction=personas.jurisdiction, unit=personas.lead_unit)
    client.force_login(own)
    page = client.get(reverse("tracking:report_review", args=[report.pk])).content.decode()
    assert "不能审核本单位的报告" in page
    response = client.post(reverse("tracking:report_accept", args=[report.pk]), follow=True)
    assert "不能审核本单位的报告" in response.content.decode()
    assert ProgressReport.objects.get(pk=report.pk).state == ProgressReport.State.SUBMITTED


def test_clerk_cannot_accept(client, personas, loop):
    report = submitted(client, personas, loop)
    assert client.post(reverse("tracking:report_accept", args=[report.pk])).status_code == 403


# ---------------------------------------------------------------- 佐证材料


def test_upload_through_the_view_then_cite_it_elsewhere(client, personas, loop):
    report = draft(personas, loop.lead, loop.period)
    client.force_login(personas.lead_clerk)
    upload = SimpleUploadedFile("会议纪要.pdf", PDF + b"views", content_type="application/pdf")
    response = client.post(reverse("tracking:evidence_upload", args=[report.pk]), {"file": upload}, **HX)
    body = response.content.decode()
    evidence = EvidenceFile.objects.get()
    assert "会议纪要.pdf" in body and evidence.sha256[:8] in body and "已上传" in body
    other = draft(personas, loop.lead2, loop.period)
    card = client.get(reverse("tracking:report_edit", args=[loop.lead2.pk, loop.period.pk])).content.decode()
    assert "引用已上传材料" in card
    client.post(reverse("tracking:evidence_cite", args=[other.pk]), {"evidence": evidence.pk})
    assert ReportEvidence.objects.filter(report=other, evidence=evidence).exists()
    assert EvidenceFile.objects.count() == 1
    client.post(reverse("tracking:evidence_detach", args=[other.pk, evidence.pk]))
    assert not ReportEvidence.objects.filter(report=other).exists()


def test_wrong_file_type_is_refused_with_a_message(client, personas, loop):
    report = draft(personas, loop.lead, loop.period)
    client.force_login(personas.lead_clerk)
    upload = SimpleUploadedFile("纪要.pdf", b"not a pdf at all")
    body = client.post(reverse("tracking:evidence_upload", args=[report.pk]), {"file": upload}, **HX).content.decode()
    assert "内容与扩展名不符" in body and not EvidenceFile.objects.exists()


def test_download_checks_who_may_see_the_file(client, personas, loop):
    report = draft(personas, loop.lead, loop.period)
    client.force_login(personas.lead_clerk)
    client.post(reverse("tracking:evidence_upload", args=[report.pk]),
                {"file": SimpleUploadedFile("纪要.pdf", PDF + b"dl")})
    evidence = EvidenceFile.objects.get()
    url = reverse("tracking:evidence_download", args=[evidence.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(personas.office)
    assert client.get(url).status_code == 200
    client.force_login(personas.outsider_clerk)
    assert client.get(url).status_code == 403


def test_evidence_follows_who_may_see_the_citing_report(client, personas, loop):
    from fazhi.orgs.models import Jurisdiction

    report = draft(personas, loop.co, loop.period, by=personas.co_clerk)
    client.force_login(personas.co_clerk)
    client.post(reverse("tracking:evidence_upload", args=[report.pk]),
                {"file": SimpleUploadedFile("配合材料.pdf", PDF + b"co")})
    url = reverse("tracking:evidence_download", args=[EvidenceFile.objects.get().pk])
    # The 牵头单位 reads its 配合单位's reports, and the 牵头领导 the tasks they lead.
    for who in (personas.lead_clerk, personas.leader_user):
        client.force_login(who)
        assert client.get(url).status_code == 200
    # Another county's 依法治县办 sees nothing of this county.
    other_county = Jurisdiction.objects.create(name="屯溪区", short_name="区")
    client.force_login(make_user("office_tunxi", role=Role.OFFICE, jurisdiction=other_county))
    assert client.get(url).status_code == 404


def test_citing_with_a_malformed_id_is_a_message_not_an_error(client, personas, loop):
    report = draft(personas, loop.lead, loop.period)
    client.force_login(personas.lead_clerk)
    response = client.post(reverse("tracking:evidence_cite", args=[report.pk]), {"evidence": "abc"}, **HX)
    assert response.status_code == 200 and "请选择要引用的材料" in response.content.decode()


def test_outsider_cannot_upload_to_a_report(client, personas, loop):
    report = draft(personas, loop.lead, loop.period)
    client.force_login(personas.outsider_clerk)
    upload = SimpleUploadedFile("纪要.pdf", PDF)
    assert client.post(reverse("tracking:evidence_upload", args=[report.pk]), {"file": upload}).status_code == 403


def test_the_clerks_due_soon_flag_follows_the_plans_threshold(client, personas, loop):
    # This month's period is due on the 5th workday after the month ends: 5 to ~28 workdays away.
    client.force_login(personas.lead_clerk)
    cadence_update(plan=loop.plan, by=personas.office, due_soon_workdays=40)
    assert 'class="flag flag-soon"' in client.get(reverse("tracking:my_home")).content.decode()
    cadence_update(plan=loop.plan, by=personas.office, due_soon_workdays=2)
    assert 'class="flag flag-soon"' not in client.get(reverse("tracking:my_home")).content.decode()


# ---------------------------------------------------------------- board, 催办, goals


@pytest.mark.django_db(transaction=True)  # the 催办 is sent once its transaction commits
def test_urge_once_per_day(client, personas, loop):
    UnitChannel.objects.create(unit=personas.lead_unit, kind=UnitChannel.Kind.EMAIL, target="sfj@example.cn")
    client.force_login(personas.office)
    url = reverse("tracking:urge", args=[loop.plan.pk, personas.lead_unit.pk])
    first = client.post(url, **HX)
    assert first.status_code == 200 and "已于" in first.content.decode() and len(mail.outbox) == 1
    second = client.post(url, follow=True)
    assert "今天已向县司法局催办过" in second.content.decode() and len(mail.outbox) == 1


def test_clerk_cannot_urge(client, personas, loop):
    client.force_login(personas.lead_clerk)
    assert client.post(reverse("tracking:urge", args=[loop.plan.pk, personas.co_unit.pk])).status_code == 403


def test_board_shows_cells_coloured_and_linked_to_history(client, personas, loop):
    client.force_login(personas.office)
    body = client.get(reverse("tracking:board")).content.decode()
    assert loop.period.label in body
    pattern = r'<td class="cell cell-(green|yellow|red|grey|blue)" data-period="' + str(loop.period.pk) + '">'
    assert re.search(pattern, body)
    assert reverse("tracking:task_history", args=[loop.task1.pk]) in body


def test_board_filters_by_unit(client, personas, loop):
    client.force_login(personas.office)
    body = client.get(reverse("tracking:board"), {"unit": personas.co_unit.pk}).content.decode()
    assert 'data-task="1"' in body and 'data-task="2"' not in body


def test_board_query_count_does_not_grow_with_tasks(client, personas, loop, django_assert_num_queries):
    client.force_login(personas.office)
    client.get(reverse("tracking:board"))  # warm the calendar and session caches
    with django_assert_num_queries(BOARD_QUERIES):
        client.get(reverse("tracking:board"))
    for seq in range(3, 13):
        add_task(loop.plan, seq, lead=personas.co_unit, co=[personas.lead_unit], deadlines=[("ongoing", None, "")])
    start_tracking(loop.plan, personas, through=timezone.localdate())
    draft(personas, loop.lead2, loop.period)
    with django_assert_num_queries(BOARD_QUERIES):
        client.get(reverse("tracking:board"))
    period_close(period=loop.period, by=personas.office)  # its column now comes from the snapshot
    with django_assert_num_queries(BOARD_QUERIES + 1):
        assert "快照" in client.get(reverse("tracking:board")).content.decode()


BOARD_QUERIES = 22  # 20 + the work calendar's stamp, compared once per request, + the 待办 badge


def test_office_marks_a_goal_achieved(client, personas, loop):
    from fazhi.plans.models import Goal

    goal = Goal.objects.create(plan=loop.plan, year=timezone.localdate().year, text="行政执法公示率达到100%",
                               position=1)
    client.force_login(personas.office)
    client.post(reverse("tracking:goal_assess", args=[goal.pk]), {"achieved": "1", "note": "已全部公示"})
    body = client.get(reverse("tracking:board")).content.decode()
    assert "行政执法公示率达到100%" in body and "已实现" in body
    assert goal.assessments.get().achieved is True


def test_board_filter_through_htmx_returns_only_the_table(client, personas, loop):
    client.force_login(personas.office)
    response = client.get(reverse("tracking:board"), {"plan": loop.plan.pk, "unit": personas.co_unit.pk},
                          HTTP_HX_TARGET="board", **HX)
    body = response.content.decode()
    assert "<html" not in body and 'data-task="1"' in body and 'data-task="2"' not in body


def test_task_history_shows_every_report_with_its_transitions(client, personas, loop):
    draft(personas, loop.co, loop.period, narrative="财政局的报告", by=personas.co_clerk)
    report = submitted(client, personas, loop)
    client.force_login(personas.office)
    client.post(reverse("tracking:report_return", args=[report.pk]), {"comment": "缺少佐证材料"})
    body = client.get(reverse("tracking:task_history", args=[loop.task1.pk])).content.decode()
    assert "财政局的报告" in body and "缺少佐证材料" in body and "由“已报送”转为“已退回”" in body
    client.force_login(personas.co_clerk)  # a 配合单位 sees its own part only
    body = client.get(reverse("tracking:task_history", args=[loop.task1.pk])).content.decode()
    assert "财政局的报告" in body and "缺少佐证材料" not in body


def test_submit_on_a_stale_version_is_a_conflict_and_keeps_both_texts(client, personas, loop):
    report = draft(personas, loop.lead, loop.period, narrative="填报员的初稿")
    progress_report_save_draft(assignment=loop.lead, period=loop.period, by=personas.office,
                               data={"narrative": "同事先改的内容"}, expected_version=report.version)
    client.force_login(personas.lead_clerk)
    response = client.post(submit_url(loop.lead, loop.period),
                           form_data(loop.lead, loop.period, version=report.version, narrative="我要报送的内容"))
    body = response.content.decode()
    assert response.status_code == 409 and "我要报送的内容" in body and "同事先改的内容" in body
    fresh = ProgressReport.objects.get(pk=report.pk)
    assert fresh.state == ProgressReport.State.DRAFT and fresh.narrative == "同事先改的内容"


def test_clerk_home_query_count_does_not_grow_with_cards(client, personas, loop):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.lead_clerk)
    for a in (loop.lead, loop.lead2):
        draft(personas, a, loop.period)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("tracking:my_home")).status_code == 200
        return len(captured)

    few = queries()
    for seq in range(3, 9):
        task = add_task(loop.plan, seq, text=f"任务{seq}", lead=personas.lead_unit, deadlines=[("ongoing", None, "")])
        start_tracking(loop.plan, personas, through=timezone.localdate())
        draft(personas, assignment(task, personas.lead_unit), loop.period)
    assert queries() == few


@pytest.mark.parametrize("query", ["section=²", "unit=²", "leader=²", "unit=1x", "section=99999999999999999999999"])
def test_a_malformed_board_filter_is_ignored_not_a_500(client, personas, loop, query):
    client.force_login(personas.office)
    response = client.get(reverse("tracking:board") + "?" + query)
    assert response.status_code == 200 and response.context["row_count"] > 0


def test_the_submit_message_names_who_reviews_the_report(client, personas, loop):
    """A 配合单位's report goes to its 牵头单位 (by default), the consolidated one to the office:
    the message after 提交 says which, not always the office."""
    client.force_login(personas.co_clerk)
    response = client.post(submit_url(loop.co, loop.period), form_data(loop.co, loop.period))
    assert "请等待牵头单位审核" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    client.force_login(personas.lead_clerk)
    response = client.post(submit_url(loop.lead, loop.period), form_data(loop.lead, loop.period))
    assert "请等待依法治县办审核" in " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_the_home_legend_says_its_lights_are_judged_on_the_units_own_reports(client, personas, loop):
    """我的填报's lights come from the unit's own reports (a 配合单位's row is red while its own
    report is overdue, whatever the lead filed); the board's from the lead's consolidated one.
    Each legend says which."""
    client.force_login(personas.co_clerk)
    home = client.get(reverse("tracking:my_home")).content.decode()
    assert "按本单位的报告判断" in home and "按牵头单位汇总报告判断" not in home
    client.force_login(personas.office)
    board = client.get(reverse("tracking:board")).content.decode()
    assert "按牵头单位汇总报告判断" in board and "按本单位的报告判断" not in board
