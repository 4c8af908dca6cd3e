"""The importer over the fixture corpus of plans it was not written for (issue 16's floors).

``bench/import_eval.py`` prints the same figures per document; run it with ``-v`` to see
every missed task and wrong field.
"""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

_EVAL_PATH = Path(__file__).resolve().parents[3] / "bench" / "import_eval.py"
_spec = importlib.util.spec_from_file_location("import_eval", _EVAL_PATH)
import_eval = importlib.util.module_from_spec(_spec)
sys.modules["import_eval"] = import_eval  # its dataclasses look their module up while being defined
_spec.loader.exec_module(import_eval)


@pytest.fixture(scope="module")
def scores():
    return import_eval.evaluate()


def test_the_corpus_has_at_least_fifteen_plans_each_with_its_expected_ledger():
    documents = import_eval.documents()
    assert len(documents) >= 15
    for name, _source, expected_path in documents:
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        assert expected["source"] and expected["format"], name
        assert expected["tasks"], name
        for task in expected["tasks"]:
            assert set(task) == {"text", "lead", "co", "deadlines", "targets"}, (name, task)


@pytest.mark.parametrize("figure", ["task_f1", "lead", "co", "deadlines", "targets"])
def test_the_importer_meets_the_floor_over_the_corpus(scores, figure):
    _documents, overall = scores
    value = import_eval.figures(overall)[figure]
    assert value >= import_eval.FLOORS[figure], (
        f"{figure} {value:.3f} below {import_eval.FLOORS[figure]}; run bench/import_eval.py -v for the misses")


def test_a_plan_read_exactly_scores_one():
    ledger_text = "某县2025年工作要点\n一、任务\n1．6月底前完成清理，审核率达到100%。（县司法局牵头，县直各部门配合）\n"
    from fazhi.plans.parsing import parse_text

    expected = {"tasks": [{"text": "6月底前完成清理", "lead": ["县司法局"], "co": ["县直各部门"],
                           "deadlines": ["by 2025-06-30"], "targets": [">= 100 %"]}]}
    score = import_eval.score_document("snippet", parse_text(ledger_text), expected)
    assert (score.f1, *[score.share(name) for name in import_eval.FIELDS]) == (1, 1, 1, 1, 1)


def test_a_missed_task_and_a_wrong_field_lower_the_figures():
    from fazhi.plans.parsing import parse_text

    ledger = parse_text("某县2025年工作要点\n一、任务\n1．完成清理。（县司法局牵头）\n")
    expected = {"tasks": [
        {"text": "完成清理", "lead": ["县财政局"], "co": [], "deadlines": [], "targets": []},
        {"text": "不存在的任务", "lead": [], "co": [], "deadlines": [], "targets": []},
    ]}
    score = import_eval.score_document("snippet", ledger, expected)
    assert (score.precision, score.recall, score.share("lead"), score.share("co")) == (1, 0.5, 0, 1)
    assert any("不存在的任务" in miss for miss in score.misses)


def test_a_table_spec_becomes_a_docx_with_a_table():
    import io

    import docx

    data = import_eval.docx_from_spec("标题\n序号\t工作任务\t牵头单位\n1\t完成清理\t县司法局\n结尾\n")
    document = docx.Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs] == ["标题", "结尾"]
    assert [[c.text for c in row.cells] for row in document.tables[0].rows] == [
        ["序号", "工作任务", "牵头单位"], ["1", "完成清理", "县司法局"]]
