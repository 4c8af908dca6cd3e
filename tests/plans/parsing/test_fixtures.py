"""Plans in formats other than the seeds, as ``fazhi import`` sees them."""

import json
from datetime import date

import pytest

from fazhi.plans.parsing import Ledger, parse_path
from fazhi.plans.parsing.cli import run_import

from .helpers import FIXTURES, deadline_tuples, names, target_tuples


def tasks_of(name: str):
    return parse_path(FIXTURES / name).tasks


def test_city_plan_with_lead_and_responsible_units_in_brackets():
    ledger = parse_path(FIXTURES / "huaibei-city-work-points-2022.txt")
    plan = ledger.plan
    assert (plan.title, plan.doc_number, plan.issued_on, plan.issuers) == (
        "淮北市2022年法治政府建设工作要点", "淮政办〔2022〕6号", date(2022, 3, 18), ["淮北市人民政府办公室"])
    assert (plan.period_start, plan.period_end) == (2022, 2022)
    rows = [(t.number, t.lead_units, t.co_units, deadline_tuples(t), target_tuples(t)) for t in ledger.tasks]
    assert rows == [
        ("1", names("市委编办"), names("市司法局 市数据资源局"), [("by", "2022-06-30")], []),
        ("2", names("市发展改革委"), names("市司法局 市市场监管局"), [("every", "quarter"), ("by", "2022-12-31")], []),
        ("3", names("市司法局"), names("市政府各部门 各县区政府"), [], [("审核率", ">=", 100, "%", None, None)]),
        ("4", names("市司法局"), names("市直有关部门"), [("every", "year")], [(None, ">=", 2, "件", "year", None)]),
        ("5", names("市司法局"), names("市直各行政执法部门"), [("every", "year"), ("by", "2022-12-31")],
         [(None, ">=", 60, "学时", "person-year", None)]),
    ]
    assert ledger.unparsed == []
    assert [h.title for h in ledger.headings] == ["健全政府机构职能体系", "健全依法行政制度体系", "健全行政执法工作体系"]


def test_inline_lead_and_co_units():
    ledger = parse_path(FIXTURES / "suzhou-inline-lead-2018-2020.txt")
    rows = [(t.number, t.lead_units, t.co_units, deadline_tuples(t)) for t in ledger.tasks]
    assert rows == [
        ("（一）", ["市法制局"], ["市监察局", "市财政局"], [("by", "2018-12-31")]),
        ("（二）", ["市法制局"], ["市直各执法部门"], [("every", "year")]),
        ("（三）", ["市政府办公室"], ["市法制局"], []),
    ]
    assert target_tuples(ledger.tasks[2]) == [("人大代表建议和政协委员提案按期办复率", ">=", 100, "%", None, None)]
    assert (ledger.plan.period_start, ledger.plan.period_end) == (2018, 2020)
    assert ledger.unparsed == []


def test_responsibility_lines_on_their_own():
    ledger = parse_path(FIXTURES / "huangshan-responsibility-lines-2023.txt")
    rows = [(t.number, t.text, t.lead_units, t.co_units, deadline_tuples(t), t.lines) for t in ledger.tasks]
    assert rows == [
        ("1", "动态调整权责清单，2023年6月30日前完成市级权责清单调整。", ["市委编办"], ["市司法局", "市数据资源局"],
         [("by", "2023-06-30")], (4, 6)),
        ("2", "推行行政执法“三项制度”，重大执法决定法制审核率达100%。", ["市司法局"], ["市直各行政执法部门"], [], (7, 8)),
        ("3", "每季度开展一次行政复议案件质量评查。", ["市司法局"], ["各区县人民政府"], [("every", "quarter")], (10, 12)),
        ("4", "加强公共法律服务体系建设，2023年上半年建成市级公共法律服务中心。", ["市司法局"], [],
         [("by", "2023-06-30")], (13, 14)),
    ]
    assert ledger.unparsed == []


def test_plan_without_annotations_uses_its_deepest_items():
    ledger = parse_path(FIXTURES / "qimen-no-annotations-2022.txt")
    by_id = {h.id: h for h in ledger.headings}
    rows = [(t.number, by_id[t.heading].title, deadline_tuples(t), target_tuples(t)) for t in ledger.tasks]
    assert rows == [
        ("（1）", "深入学习宣传习近平法治思想", [("every", "year")], [(None, ">=", 2, "期", "year", None)]),
        ("（2）", "深入学习宣传习近平法治思想", [], []),
        ("①", "规范行政执法行为", [("by", "2022-12-31")], []),
        ("②", "规范行政执法行为", [("every", "quarter")], []),
        ("①", "完善行政复议工作", [], [("行政复议决定履行率", ">=", 100, "%", None, None)]),
    ]
    assert [(h.number, h.level) for h in ledger.headings] == [("一、", 1), ("二、", 1), ("（1）", 2), ("（2）", 2)]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_fazhi_import_json_on_fixture_round_trips(name, capsys):
    assert run_import([str(FIXTURES / name), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert Ledger.from_dict(printed).to_dict() == printed
    assert printed["tasks"] == [t.to_dict() for t in parse_path(FIXTURES / name).tasks]
