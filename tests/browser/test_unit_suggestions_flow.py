"""The office sees a short form matched and a doubtful unit name with ranked suggestions, picks one, confirms."""

import re

import pytest
from django.urls import reverse

from fazhi.accounts.models import Role
from fazhi.demo.directory import demo_directory_load
from fazhi.orgs.models import Unit
from fazhi.plans.models import Plan, Responsibility
from tests.browser.conftest import login
from tests.conftest import make_user

PLAN = """屯溪区2024年法治政府建设工作要点

一、严格规范公正文明执法
1．推进城市管理领域综合行政执法规范化建设。（区城管局会同区司法局办理）
2．加强医疗卫生领域行政执法监督。（区卫健局负责，区司法局配合）
"""


@pytest.fixture
def tunxi(transactional_db):
    jurisdiction = demo_directory_load(jurisdiction_name="屯溪区")
    make_user("office_tunxi", role=Role.OFFICE, jurisdiction=jurisdiction)
    return jurisdiction


def test_office_confirms_a_suggested_unit(page, screenshot, tunxi, tmp_path):
    document = tmp_path / "points.txt"
    document.write_text(PLAN, encoding="utf-8")
    login(page, "office_tunxi")
    page.goto(page.base_url + reverse("plans:upload"))
    page.set_input_files("input[name=document]", str(document))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(re.compile(r"/plans/upload/\d+/$"), timeout=60_000)

    health = Unit.objects.get(jurisdiction=tunxi, name="区卫健委")
    row = page.locator("tr.unmatched-row[data-phrase='区卫健局']")
    picker = row.locator("select[name$=_map]")
    assert picker.input_value() == ""  # nothing preselected
    assert picker.locator("optgroup[label='建议对应（按匹配度排序）'] option").first.inner_text() == "区卫健委（匹配度 75%）"
    assert "常用简称" in page.locator("table.mapping").inner_text()  # 区城管局 → 区城管执法局
    picker.select_option(f"unit:{health.pk}")
    screenshot(page, "plans-preview-unit-suggestions")
    page.click("#confirm-button")
    page.wait_for_url(re.compile(r"/plans/\d+/$"))

    plan = Plan.objects.get(jurisdiction=tunxi)
    lead = {r.task.seq: r.unit.name for r in Responsibility.objects.filter(task__plan=plan, role="lead")}
    assert lead == {1: "区城管执法局", 2: "区卫健委"}
