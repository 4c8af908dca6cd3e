"""The office imports the 屯溪区 seed in a real browser: upload → preview → map a unit → confirm → filter."""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from fazhi.orgs.demo import demo_directory_load
from fazhi.orgs.models import Unit, UnitAlias
from fazhi.plans.management.commands.load_demo import SEEDS_DIR
from fazhi.plans.models import Plan
from tests.browser.conftest import login
from tests.factories import OfficeFactory

SEED = SEEDS_DIR / "tunxi-district-action-plan-2022-2024.txt"
LEFT_OUT = "区数据资源局"


@pytest.fixture
def tunxi(transactional_db):
    jurisdiction = demo_directory_load(jurisdiction_name="屯溪区")
    # Leave one unit of the plan out of the directory so the preview has something to map.
    Unit.objects.filter(jurisdiction=jurisdiction, name=LEFT_OUT).delete()
    OfficeFactory(username="office_tunxi", jurisdiction=jurisdiction)
    return jurisdiction


def test_office_imports_maps_confirms_and_filters(page, screenshot, tunxi):
    login(page, "office_tunxi")
    page.goto(page.base_url + reverse("plans:upload"))
    page.set_input_files("input[name=document]", str(SEED))
    page.click("#upload-form button[type=submit]")
    try:
        # Reading and parsing the document happens in this request; allow for a slow CI machine.
        page.wait_for_url(re.compile(r"/plans/upload/\d+/$"), timeout=60_000)
    except Exception:
        screenshot(page, "plans-upload-failed")
        raise AssertionError(page.locator("#upload-card").inner_text()) from None

    assert page.locator("#count-tasks").inner_text() == "33"
    row = page.locator(f"tr.unmatched-row[data-phrase='{LEFT_OUT}']")
    assert row.count() == 1
    row.locator("select[name$=_map]").select_option("new")
    row.locator("input[name$=_new_name]").fill(LEFT_OUT)
    row.locator("select[name$=_new_kind]").select_option("direct")
    screenshot(page, "plans-preview")
    page.click("#confirm-button")
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert "已导入《屯溪区推进法治政府建设率先突破三年行动方案" in page.locator(".messages").inner_text()

    plan = Plan.objects.get(jurisdiction=tunxi)
    new_unit = Unit.objects.get(jurisdiction=tunxi, name=LEFT_OUT)
    assert plan.tasks.filter(responsibilities__unit=new_unit).exists()
    assert not UnitAlias.objects.filter(unit=new_unit).exists()  # its own name needs no alias

    # Filter by unit: htmx swaps the table and pushes the URL.
    page.select_option("#id_unit", label=LEFT_OUT)
    page.wait_for_url(re.compile(r"unit=\d+"))
    page.wait_for_function("document.querySelector('#ledger-count').innerText.includes('共')")
    expected = plan.tasks.filter(responsibilities__unit=new_unit).distinct().count()
    page.wait_for_function(
        f"document.querySelectorAll('#ledger-table tr.task').length === {expected}"
    )
    screenshot(page, "plans-ledger-filtered")

    try:
        reverse("reports:ledger_xlsx", args=[plan.pk])
    except NoReverseMatch:
        return
    with page.expect_download() as download:
        page.click("#ledger-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")
