import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.plans.models import Plan
from tests.plans.ledgers import departments_group
from tests.plans.test_upload_views import SMALL_PLAN


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "small-plan.txt"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    return path


def test_import_stores_the_plan_and_lists_unmatched_phrases(personas, plan_file, capsys):
    departments_group(personas)
    call_command("import_plan", str(plan_file), jurisdiction="濉溪县")
    out = capsys.readouterr().out
    plan = Plan.objects.get()
    assert plan.jurisdiction == personas.jurisdiction and plan.tasks.count() == 2
    assert "已导入《濉溪县法治政府建设实施方案（2021—2025年）》" in out
    assert "县信访局（任务 2）" in out


def test_import_json_summary(personas, plan_file, capsys):
    call_command("import_plan", str(plan_file), jurisdiction="濉溪县", json=True)
    summary = json.loads(capsys.readouterr().out)
    assert summary["counts"]["tasks"] == 2
    assert {row["phrase"] for row in summary["unmatched"]} == {"县信访局", "县政府各部门"}


def _refused(*args, **kwargs) -> CommandError:
    with pytest.raises(CommandError) as refused:
        call_command("import_plan", *args, **kwargs)
    assert refused.value.returncode == 2
    return refused.value


def test_unknown_jurisdiction_exits_2(personas, plan_file):
    error = _refused(str(plan_file), jurisdiction="不存在县")
    assert "辖区“不存在县”不存在" in str(error) and "no jurisdiction" in str(error)


def test_unreadable_file_exits_2(personas, tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a docx at all")
    assert " / " in str(_refused(str(broken), jurisdiction="濉溪县"))
    assert "无法读取文件" in str(_refused(str(tmp_path / "missing.txt"), jurisdiction="濉溪县"))
    assert not Plan.objects.exists()


def test_duplicate_file_exits_2(personas, plan_file):
    call_command("import_plan", str(plan_file), jurisdiction="濉溪县")
    assert "无需重复导入" in str(_refused(str(plan_file), jurisdiction="濉溪县"))
    assert Plan.objects.count() == 1
