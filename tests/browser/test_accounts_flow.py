"""Accounts in a real browser: the office imports five clerk accounts from Excel, one clerk signs in
with the initial password and is made to change it; ten wrong passwords lock an account, and the
eleventh attempt is refused with the lockout page."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from fazhi.audit.models import Event
from tests.accounts.sheets import FIVE_CLERKS, sheet_of
from tests.browser.conftest import login, watch_csp


def _new_page(browser, base_url, address=None):
    """A browser of its own; ``address``: the client address it claims through a trusted proxy header."""
    headers = {"X-Forwarded-For": address} if address else {}
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}, extra_http_headers=headers)
    violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = base_url
    return context, page, violations


def test_office_imports_five_clerks_and_one_must_change_the_password(transactional_db, personas, page, browser,
                                                                       screenshot, tmp_path):
    workbook = tmp_path / "单位填报员账号.xlsx"
    workbook.write_bytes(sheet_of(FIVE_CLERKS))

    # 1. The office uploads the sheet, checks the preview and confirms.
    login(page, "office")
    page.click("nav.mainnav a:has-text('账号管理')")
    page.click("a:has-text('从 Excel 批量导入')")
    page.set_input_files("input[name=workbook]", str(workbook))
    page.click("button:has-text('上传并预览')")
    page.wait_for_selector("h2:has-text('将创建 5 个账号，请核对')")
    assert "濉溪县司法局 → 县司法局" in page.content()
    screenshot(page, "accounts-import-preview")
    page.click("button:has-text('确认创建 5 个账号')")
    page.wait_for_selector("h1:has-text('已创建 5 个账号')")
    screenshot(page, "accounts-import-done")
    row = page.locator("tr:has-text('sifaju_zhangmin')")
    initial_password = row.locator("code.password").inner_text().strip()
    assert len(initial_password) == 14
    with page.expect_download() as download_info:
        page.click("button:has-text('下载初始密码表')")
    saved = tmp_path / "初始密码.xlsx"
    download_info.value.save_as(saved)
    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    assert len(rows) == 6 and ("sifaju_zhangmin", initial_password) in {(r[3], r[4]) for r in rows}
    assert get_user_model().objects.filter(profile__must_change_password=True).count() == 5

    # 2. The clerk signs in with the initial password and is sent to change it first.
    context, clerk, violations = _new_page(browser, page.base_url)
    login(clerk, "sifaju_zhangmin", initial_password)
    clerk.wait_for_selector("h1:has-text('修改密码')")
    assert "首次登录或密码已被重置" in clerk.content()
    clerk.goto(clerk.base_url + "/tracking/")  # nothing else opens before the change
    clerk.wait_for_selector("h1:has-text('修改密码')")
    screenshot(clerk, "accounts-forced-change")
    clerk.fill("input[name=old_password]", initial_password)
    clerk.fill("input[name=new_password1]", "sifaju_zhangmin-2026")
    clerk.fill("input[name=new_password2]", "sifaju_zhangmin-2026")
    clerk.click("button:has-text('保存新密码')")
    clerk.wait_for_selector(".errorlist:has-text('密码不能包含用户名')")
    screenshot(clerk, "accounts-weak-password-refused")
    clerk.fill("input[name=old_password]", initial_password)
    clerk.fill("input[name=new_password1]", "huaihe-spring-rain")
    clerk.fill("input[name=new_password2]", "huaihe-spring-rain")
    clerk.click("button:has-text('保存新密码')")
    clerk.wait_for_selector(".messages li:has-text('密码已修改')")
    assert "/accounts/password/" not in clerk.url
    context.close()
    assert violations == []
    assert not get_user_model().objects.get(username="sifaju_zhangmin").profile.must_change_password


def test_the_eleventh_wrong_password_meets_the_lockout_page(transactional_db, personas, page, screenshot):
    for attempt in range(1, 11):
        login(page, "co_clerk", f"wrong-password-{attempt}")
        if attempt < 10:
            assert "用户名或密码不正确" in page.content()
    # The tenth failure locked the account; the eleventh, even with the right password, meets the lockout page.
    login(page, "co_clerk")
    page.wait_for_selector("h1:has-text('登录已暂时锁定')")
    assert "连续 10 次密码错误" in page.content() and "请 30 分钟后再试" in page.content()
    screenshot(page, "accounts-locked-out")
    assert Event.objects.filter(action="accounts.login_failed", data__username="co_clerk").count() == 10
    assert Event.objects.filter(action="accounts.login_locked").count() == 1


def test_office_unlocks_a_locked_account_and_finds_it_in_the_logs(transactional_db, personas, page, browser,
                                                                  screenshot, settings):
    settings.AXES_FAILURE_LIMIT = 3
    # Every browser here comes from 127.0.0.1: the clerk's browser claims another address, or the
    # office's own login would meet the address lockout.
    settings.FAZHI_TRUST_X_FORWARDED_FOR = True
    context, other, _violations = _new_page(browser, page.base_url, address="10.20.30.40")
    for attempt in range(3):
        login(other, "lead_clerk", f"wrong-password-{attempt}")
    context.close()

    login(page, "office")
    page.goto(page.base_url + "/accounts/?state=locked")
    page.wait_for_selector("tr:has-text('lead_clerk') .tag:has-text('已锁定')")
    assert "co_clerk" not in page.inner_text("table.grid")
    page.goto(page.base_url + "/accounts/")
    screenshot(page, "accounts-list")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("tr:has-text('lead_clerk') button:has-text('解除锁定')")
    page.wait_for_selector(".messages li:has-text('已解除')")
    assert "已锁定" not in page.inner_text("tr:has-text('lead_clerk')")

    page.click("nav.mainnav a:has-text('操作日志')")
    page.wait_for_selector("td:has-text('解除登录锁定')")
    screenshot(page, "audit-log")
    page.click("a:has-text('登录记录')")
    page.wait_for_selector("td:has-text('密码错误或账号不存在')")
    screenshot(page, "accounts-login-record")
    assert page.locator("tr:has-text('lead_clerk'):has-text('密码错误或账号不存在')").count() == 3
