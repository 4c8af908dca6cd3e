"""The office opens the preview of a plan the importer was unsure about: what to check comes first."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from fazhi.accounts.models import Role
from fazhi.demo.directory import demo_directory_load
from fazhi.plans.models import Plan
from fazhi.plans.services import pending_import_create
from tests.browser.conftest import login
from tests.conftest import make_user
from tests.plans.parsing.helpers import FIXTURES


@pytest.fixture
def office(transactional_db):
    jurisdiction = demo_directory_load(jurisdiction_name="屯溪区")
    return make_user("office_review", role=Role.OFFICE, jurisdiction=jurisdiction), jurisdiction


def test_doubtful_tasks_and_lines_come_first_in_the_preview(page, screenshot, office):
    user, jurisdiction = office
    source = FIXTURES / "corpus" / "taihe-yearly-points-dates-targets-2025.txt"
    pending = pending_import_create(jurisdiction=jurisdiction, data=source.read_bytes(), filename=source.name, by=user)
    # What the importer writes once it reports its confidence (issue 16): one inferred task, one doubtful line.
    for task in pending.ledger["tasks"]:
        task["confidence"], task["confidence_reasons"] = "high", []
    task = pending.ledger["tasks"][4]
    task["confidence"], task["confidence_reasons"] = "low", ["括注中只有“负责”，单位均作为牵头单位 / only 负责"]
    pending.ledger["doubts"] = [{"line": pending.ledger["tasks"][2]["lines"][0], "text": "3. 每季度组织一次行政执法案卷评查",
                                 "reason": "一行中含两个编号，已拆开 / two items on one line, split",
                                 "suggestion": "任务 3：每季度组织一次行政执法案卷评查…"}]
    pending.save()

    login(page, "office_review")
    page.goto(page.base_url + reverse("plans:preview", args=[pending.pk]))
    assert page.locator("#count-doubtful").inner_text() == "2"
    rows = page.locator("table.ledger tr.preview-task")
    assert rows.nth(0).get_attribute("id") == "task-3" and rows.nth(1).get_attribute("id") == "task-5"
    assert "需核对" in rows.nth(0).inner_text() and "清晰" in rows.nth(2).inner_text()
    assert page.locator("table.doubts tr.doubt-line").count() == 1
    # The deadlines of a 2025 要点 written without a year are dated in 2025.
    assert "2025-03-31" in page.locator("#task-1").inner_text()
    screenshot(page, "plans-preview-review")


def test_the_office_corrects_one_doubtful_task_rejects_another_and_confirms(page, screenshot, office):
    user, jurisdiction = office
    source = FIXTURES / "corpus" / "taihe-yearly-points-dates-targets-2025.txt"
    pending = pending_import_create(jurisdiction=jurisdiction, data=source.read_bytes(), filename=source.name, by=user)
    for task in pending.ledger["tasks"]:
        task["confidence"], task["confidence_reasons"] = "high", []
    for index in (2, 4):
        task = pending.ledger["tasks"][index]
        task["confidence"], task["confidence_reasons"] = "low", ["括注中只有“负责”，单位均作为牵头单位 / only 负责"]
    pending.save()
    total = len(pending.ledger["tasks"])

    login(page, "office_review")
    page.goto(page.base_url + reverse("plans:preview", args=[pending.pk]))
    assert page.locator("#count-doubtful").inner_text() == "2"
    page.locator("#tasks").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot(page, "plans-preview-task-review-open")), full_page=False)
    # Task 3: corrected in place (htmx), its deadline read again.
    block = page.locator("#task-block-3")
    block.locator("textarea[name=text]").fill("每季度组织一次行政执法案卷评查，评查结果全县通报。")
    block.locator("input[name=deadline]").fill("2025年11月底前")
    # Typing chose “按修改后的内容” by itself.
    assert block.locator("input[name=action][value=edit]").is_checked()
    block.get_by_role("button", name="保存此项").click()
    expect(page.locator("#task-3")).to_contain_text("已修改")
    expect(page.locator("#task-3")).to_contain_text("2025-11-30")
    assert page.locator("#count-doubtful").inner_text() == "1"
    # An emptied text is refused where it was typed.
    block = page.locator("#task-block-5")
    block.locator("input[name=action][value=edit]").check()
    block.locator("textarea[name=text]").fill("")
    block.get_by_role("button", name="保存此项").click()
    expect(page.locator("#task-block-5")).to_contain_text("任务内容不能为空")
    # Task 5: not imported.
    block = page.locator("#task-block-5")
    block.locator("input[name=action][value=reject]").check()
    block.get_by_role("button", name="保存此项").click()
    expect(page.locator("#task-5")).to_contain_text("不导入")
    expect(page.locator("#count-tasks")).to_have_text(str(total - 1))
    assert page.locator("#count-doubtful").inner_text() == "0"
    screenshot(page, "plans-preview-task-review")

    page.locator("#confirm-button").click()
    page.wait_for_url("**/plans/**")
    plan = Plan.objects.get(jurisdiction=jurisdiction)
    texts = list(plan.tasks.order_by("seq").values_list("text", flat=True))
    assert len(texts) == total - 1
    assert texts[2] == "每季度组织一次行政执法案卷评查，评查结果全县通报。"
    assert pending.ledger["tasks"][4]["text"] not in texts
