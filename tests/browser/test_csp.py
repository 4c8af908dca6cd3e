"""Pages keep working under the self-only Content-Security-Policy: the shared behaviour that was
inline (language menu, confirm before locking a period) now comes from fazhi.js, and Django's
admin loads without a violation. The ``page`` fixture fails the test on any CSP console error."""

import re

from fazhi.tracking.models import Period
from tests.browser.conftest import login
from tests.browser.test_tracking_cycle import build_plan


def test_locking_a_period_asks_first_and_only_locks_when_confirmed(transactional_db, personas, page):
    plan, _task, period = build_plan(personas)
    login(page, "office")
    page.goto(page.base_url + f"/tracking/plans/{plan.pk}/periods/")
    lock = page.locator("tr[data-period] form[data-confirm] button[type=submit]")
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    lock.click()
    page.wait_for_timeout(500)
    period.refresh_from_db()
    assert period.state != Period.State.LOCKED
    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    with page.expect_navigation():
        lock.click()
    period.refresh_from_db()
    assert period.state == Period.State.LOCKED
    assert questions == ["锁定后报告存档，不能再修改、审核或重新开放，确定锁定吗？"] * 2


def test_the_language_menu_switches_on_change(transactional_db, personas, page):
    login(page, "office")
    page.select_option("select[name=language]", "en")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("select[name=language]").input_value() == "en"


def test_the_admin_loads_under_the_policy(transactional_db, personas, page):
    login(page, "admin")
    for path in ["/admin/", "/admin/auth/user/", f"/admin/auth/user/{personas.office.pk}/change/",
                 "/admin/auth/user/add/"]:
        response = page.goto(page.base_url + path)
        assert response.status == 200, path
        assert re.search(r"default-src 'self'", response.headers["content-security-policy"])
