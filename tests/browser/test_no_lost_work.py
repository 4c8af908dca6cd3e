"""No lost work, in a real browser: a clerk's card keeps what was typed through a network drop
(保存失败（重试） → back online → 重试 → saved) and through an expired session (the text waits in
the browser, 提交 leads to the login page and back to 我的填报, where 恢复未保存的内容 brings it
back, and it is submitted)."""

from __future__ import annotations

from django.contrib.sessions.models import Session

from fazhi.tracking.models import ProgressReport
from tests.browser.conftest import login
from tests.browser.test_tracking_cycle import build_plan
from tests.factories import assignment_of


def open_card(page, assignment, period):
    """我的填报 shows closed rows: open the one of ``assignment`` in ``period`` (unless it is open)."""
    prefix = f"a{assignment.pk}p{period.pk}"
    if not page.locator(f"#card-{prefix}").is_visible():
        page.click(f"#item-{prefix} a.row-open")
    page.wait_for_selector(f"#card-{prefix} form.report-form")


def test_typed_text_survives_a_network_drop_and_an_expired_session(transactional_db, personas, page, screenshot):
    plan, task, period = build_plan(personas)
    lead = assignment_of(task, personas.lead_unit)
    card = f"#card-a{lead.pk}p{period.pk}"
    narrative = f"#id_a{lead.pk}p{period.pk}-narrative"
    note = f"#note-a{lead.pk}p{period.pk}"

    login(page, "lead_clerk")
    page.goto(page.base_url + "/tracking/")
    open_card(page, lead, period)
    page.select_option(f"#id_a{lead.pk}p{period.pk}-status", "in_progress")
    page.fill(narrative, "已完成执法公示平台建设")
    page.locator(narrative).press("Tab")
    page.wait_for_selector(f"{note}:has-text('已自动保存')")

    # 1. The network drops: the save fails visibly, the text stays, 重试 once back online saves it.
    page.context.set_offline(True)
    page.fill(narrative, "已完成执法公示平台建设，公示执法决定128件")
    page.locator(narrative).press("Tab")
    page.wait_for_selector(f"{note}:has-text('保存失败')")
    page.wait_for_selector("#site-alert:has-text('网络连接中断')")
    assert page.locator(f"{note} button.save-retry").inner_text() == "重试"
    assert page.locator("#site-alert button:has-text('重试')").count() == 1
    screenshot(page, "nolost-offline")
    assert ProgressReport.objects.get(assignment=lead, period=period).narrative == "已完成执法公示平台建设"
    page.context.set_offline(False)
    page.click(f"{note} button.save-retry")
    page.wait_for_selector(f"{note}:has-text('已自动保存')")
    page.wait_for_selector("#site-alert", state="hidden")
    assert ProgressReport.objects.get(assignment=lead, period=period).narrative.endswith("公示执法决定128件")
    screenshot(page, "nolost-back-online")

    # 2. The session ends (deleted on the server) while the clerk types on.
    Session.objects.all().delete()
    typed = "已完成执法公示平台建设，公示执法决定128件，行政执法三项制度培训2期"
    page.fill(narrative, typed)
    page.locator(narrative).press("Tab")
    page.wait_for_selector("#site-alert:has-text('登录已过期')")
    page.wait_for_selector(f"{note}:has-text('保存失败')")
    assert "<html" not in page.inner_text(note) and "密码" not in page.inner_text(card)  # no login page swapped in
    login_link = page.locator("#site-alert a:has-text('重新登录')")
    assert f"next=%2Ftracking%2F%23card-a{lead.pk}p{period.pk}" in login_link.get_attribute("href")
    screenshot(page, "nolost-session-expired")

    # 3. 提交 anyway: the bar says so again (never a 405); its 重新登录 leads to the login page and
    # back to the card, which offers the text back.
    page.click(f"{card} button.primary:has-text('提交')")
    page.wait_for_selector("#site-alert:has-text('登录已过期')")  # submitted in place: no 405, no login page swapped in
    assert "密码" not in page.inner_text(card)
    page.click("#site-alert a:has-text('重新登录')")
    page.wait_for_url("**/login/**")
    page.fill("input[name=username]", "lead_clerk")
    page.fill("input[name=password]", "pass-12345")
    page.click("button[type=submit]")
    # back at 我的填报#card-…: the row named opens by itself, with the offer
    page.wait_for_selector(f"{card} .draft-offer:has-text('恢复未保存的内容')")
    assert page.input_value(narrative).endswith("公示执法决定128件")  # the server's copy, shown as it is
    screenshot(page, "nolost-restore-offer")
    page.click(f"{card} .draft-offer button:has-text('恢复未保存的内容')")
    assert page.input_value(narrative) == typed
    page.wait_for_selector(f"{note}:has-text('已自动保存')")
    assert ProgressReport.objects.get(assignment=lead, period=period).narrative == typed
    page.click(f"{card} button.primary:has-text('提交')")
    page.wait_for_selector(f"#item-a{lead.pk}p{period.pk} .row-message:has-text('已报送')")
    report = ProgressReport.objects.get(assignment=lead, period=period)
    assert report.state == ProgressReport.State.SUBMITTED and report.narrative == typed
    # Saved and shown: nothing is left in the browser to offer again.
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('fazhi.draft.'))") == []


def test_a_copy_the_page_already_shows_is_not_offered(transactional_db, personas, page):
    plan, task, period = build_plan(personas)
    lead = assignment_of(task, personas.lead_unit)
    narrative = f"#id_a{lead.pk}p{period.pk}-narrative"
    login(page, "lead_clerk")
    page.goto(page.base_url + "/tracking/")
    open_card(page, lead, period)
    page.fill(narrative, "本月完成执法案卷评查")
    page.locator(narrative).press("Tab")
    page.wait_for_selector(f"#note-a{lead.pk}p{period.pk}:has-text('已自动保存')")
    page.reload()
    page.wait_for_load_state("networkidle")
    open_card(page, lead, period)
    page.wait_for_load_state("networkidle")
    assert page.locator(".draft-offer").count() == 0
    assert page.input_value(narrative) == "本月完成执法案卷评查"


def test_an_expired_page_says_so_in_chinese_and_keeps_the_text(transactional_db, personas, page, screenshot):
    """The CSRF cookie is gone (cleared by the browser, or blocked): the autosave gets the message
    bar with 刷新页面, 提交 gets the Chinese page in the site's layout, and after reloading the
    card offers the text back."""
    plan, task, period = build_plan(personas)
    lead = assignment_of(task, personas.lead_unit)
    card = f"#card-a{lead.pk}p{period.pk}"
    narrative = f"#id_a{lead.pk}p{period.pk}-narrative"
    login(page, "lead_clerk")
    page.goto(page.base_url + "/tracking/")
    open_card(page, lead, period)
    cookies = [c for c in page.context.cookies() if c["name"] != "csrftoken"]
    page.context.clear_cookies()
    page.context.add_cookies(cookies)
    page.fill(narrative, "本月开展行政执法案卷评查，抽查案卷30件")
    page.locator(narrative).press("Tab")
    page.wait_for_selector("#site-alert:has-text('页面已过期')")
    assert page.locator("#site-alert button:has-text('刷新页面')").count() == 1
    screenshot(page, "nolost-csrf-bar")
    page.click(f"{card} button.primary:has-text('提交')")  # in place: the bar says it again
    page.wait_for_selector("#site-alert:has-text('页面已过期')")
    # Without JavaScript the form posts as a page: the Chinese page in the site's layout.
    page.eval_on_selector(f"{card} form.report-form",
                          "f => { f.action = f.querySelector('button.primary').formAction;"
                          " HTMLFormElement.prototype.submit.call(f); }")
    page.wait_for_selector("#csrf-failure h1:has-text('页面已过期')")
    body = page.inner_text("main")
    assert "CSRF" not in body and "Forbidden" not in body
    screenshot(page, "nolost-csrf-page")
    page.click("#csrf-failure a:has-text('返回上一页')")
    page.wait_for_load_state("networkidle")
    open_card(page, lead, period)
    page.wait_for_selector(f"{card} .draft-offer:has-text('恢复未保存的内容')")
    page.click(f"{card} .draft-offer button:has-text('恢复未保存的内容')")
    page.wait_for_selector(f"#note-a{lead.pk}p{period.pk}:has-text('已自动保存')")
    assert ProgressReport.objects.get(assignment=lead, period=period).narrative == "本月开展行政执法案卷评查，抽查案卷30件"


def test_the_page_warns_before_the_sign_in_runs_out_and_says_when_it_has(transactional_db, personas, page,
                                                                          screenshot, settings):
    settings.SESSION_COOKIE_AGE = 4  # seconds: inside the ten minutes' warning at once, over soon after
    build_plan(personas)
    login(page, "lead_clerk")
    page.goto(page.base_url + "/tracking/")
    page.wait_for_selector("#site-alert:has-text('您的登录将于')")
    screenshot(page, "nolost-session-expiring")
    page.wait_for_selector("#site-alert:has-text('您的登录已过期')", timeout=10_000)
    assert "next=%2Ftracking%2F" in page.locator("#site-alert a:has-text('重新登录')").get_attribute("href")


ERROR_ANSWERS = [  # (status, what the bar says) for an autosave the server refuses
    (500, "服务器出错"),
    (502, "服务器出错"),
    (404, "要操作的内容已不存在"),
    (403, "您没有执行此操作的权限"),
    (409, "这项内容刚被他人修改过"),
    (413, "上传的文件超过了服务器允许的大小"),
    (400, "操作没有完成（错误代码 400）"),
]


def _answer_with(status: int):
    """A route handler that answers a request with ``status`` and an error page."""
    def answer(route, request):
        route.fulfill(status=status, content_type="text/html",
                      body="<html><body><h1>Server Error page</h1></body></html>")
    return answer


def test_each_error_status_is_explained_and_never_swapped_in(transactional_db, personas, page, screenshot):
    plan, task, period = build_plan(personas)
    lead = assignment_of(task, personas.lead_unit)
    narrative = f"#id_a{lead.pk}p{period.pk}-narrative"
    note = f"#note-a{lead.pk}p{period.pk}"
    login(page, "lead_clerk")
    page.goto(page.base_url + "/tracking/")
    open_card(page, lead, period)
    for status, words in ERROR_ANSWERS:
        page.route("**/save/", _answer_with(status))
        page.fill(narrative, f"第{status}次填写")
        page.locator(narrative).press("Tab")
        page.wait_for_selector(f"#site-alert:has-text('{words}')")
        page.wait_for_selector(f"{note}:has-text('保存失败')")
        assert "Server Error page" not in page.content()
        if status == 500:
            screenshot(page, "nolost-server-error")
        page.unroute("**/save/")
    page.click(f"{note} button.save-retry")
    page.wait_for_selector(f"{note}:has-text('已自动保存')")
    assert ProgressReport.objects.get(assignment=lead, period=period).narrative == "第400次填写"
