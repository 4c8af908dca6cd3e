"""The office imports the 屯溪区 seed as .txt, then uploads it again as .docx: the preview warns,
links the plan already imported, and offers only “仍要导入为新方案” or cancelling."""

import io
import re

import docx
import pytest
from django.urls import reverse

from fazhi.accounts.models import Role
from fazhi.demo.directory import demo_directory_load
from fazhi.demo.management.commands.load_demo import SEEDS_DIR
from fazhi.plans.models import Plan
from tests.browser.conftest import login
from tests.conftest import make_user

SEED = SEEDS_DIR / "tunxi-district-action-plan-2022-2024.txt"


@pytest.fixture
def tunxi(transactional_db):
    jurisdiction = demo_directory_load(jurisdiction_name="屯溪区")
    make_user("office_tunxi", role=Role.OFFICE, jurisdiction=jurisdiction)
    return jurisdiction


def _upload(page, name, data):
    page.goto(page.base_url + reverse("plans:upload"))
    page.set_input_files("input[name=document]", files=[{"name": name, "mimeType": "application/octet-stream",
                                                         "buffer": data}])
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(re.compile(r"/plans/upload/\d+/$"), timeout=60_000)


def test_the_same_plan_as_docx_is_caught_before_confirming(page, screenshot, tunxi, tmp_path):
    login(page, "office_tunxi")
    _upload(page, SEED.name, SEED.read_bytes())
    page.click("#confirm-button")
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    existing = Plan.objects.get(jurisdiction=tunxi)

    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    _upload(page, SEED.stem + ".docx", buffer.getvalue())
    warning = page.locator("#similar-plans")
    assert "本辖区已导入过同名、同文号、同实施期的方案" in warning.inner_text()
    assert page.locator("#confirm-button").inner_text() == "仍要导入为新方案"
    screenshot(page, "plans-preview-similar")
    page.click("#cancel-import")
    page.wait_for_url(re.compile(rf"/plans/{existing.pk}/$"))
    assert Plan.objects.filter(jurisdiction=tunxi).count() == 1
