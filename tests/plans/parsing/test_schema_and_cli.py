"""The JSON contract (ledger-schema.json) and the ``fazhi import`` command."""

import json
from pathlib import Path

import jsonschema
import pytest

import fazhi.plans.parsing as parsing
from fazhi.plans.parsing import Ledger, parse_document, parse_path
from fazhi.plans.parsing.cli import run_import

from .builders import scanned_pdf, table_plan_docx
from .helpers import FIXTURES, SUIXI, TUNXI

SCHEMA = json.loads((Path(parsing.__file__).parent / "ledger-schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
PLANS = [SUIXI, TUNXI, *sorted(FIXTURES.glob("*.txt"))]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_ledger_is_valid_against_the_schema_and_round_trips(path):
    raw = parse_path(path).to_dict()
    VALIDATOR.validate(raw)
    assert Ledger.from_dict(raw).to_dict() == raw


def test_table_form_ledger_is_valid_against_the_schema():
    raw = parse_document(table_plan_docx(), "表.docx").to_dict()
    VALIDATOR.validate(raw)
    assert [t["number"] for t in raw["tasks"]] == ["1", "2", "3"]
    assert raw["tasks"][2]["lead_leaders"] == ["王永涛", "鲍锐"]


def test_import_json_prints_the_ledger(capsys):
    assert run_import([str(SUIXI), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    VALIDATOR.validate(printed)
    assert len(printed["tasks"]) == 36
    assert printed["plan"]["doc_number"] == "濉发〔2022〕15号"


def test_import_without_json_prints_a_readable_summary(capsys):
    assert run_import([str(TUNXI)]) == 0
    out = capsys.readouterr().out
    assert "屯溪区推进法治政府建设率先突破三年行动方案" in out
    assert "任务 33" in out and "目标 3" in out
    assert "区委政法委" in out and "by 2022-10-31" in out


def test_import_through_the_fazhi_command(capsys):
    from fazhi.cli import main

    assert main(["import", str(FIXTURES / "suzhou-inline-lead-2018-2020.txt"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tasks"][0]["lead_units"] == ["市法制局"]


@pytest.mark.parametrize(("name", "data", "words"), [
    ("missing.txt", None, "找不到文件"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".docx"),
    ("scan.pdf", scanned_pdf(), "扫描件"),
    ("empty.txt", b"", "空的"),
])
def test_import_of_unreadable_input_exits_2_with_one_line(tmp_path, capsys, name, data, words):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    assert run_import([str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().split("\n")
    assert len(lines) == 1 and words in lines[0] and " / " in lines[0]


def test_import_of_a_table_form_docx(tmp_path, capsys):
    path = tmp_path / "歙县.docx"
    path.write_bytes(table_plan_docx())
    assert run_import([str(path), "--json"]) == 0
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    assert [t["lead_units"] for t in tasks] == [["县司法局"], ["县司法局"], ["县数据资源局"]]
