"""Importer accuracy over the fixture corpus of plans it was not written for.

Run: .venv/bin/python bench/import_eval.py [--verbose]

Each plan in ``tests/fixtures/plans/corpus/`` comes with ``<name>.expected.json``,
the correct reading written by hand: per task a text prefix, lead units, co-units,
deadlines and targets. A ``<name>.docx.txt`` is turned into a .docx first: its lines
with a tab are table rows (cells split at tabs, consecutive rows one table), the other
lines paragraphs.

Prints per document and overall
  task precision / recall / F1   an expected task is found when a parsed task's text
                                 begins with its prefix, spaces ignored (each parsed task
                                 found at most once, in order);
  lead / co / deadlines / targets the share of found tasks whose field equals the
                                 expected one exactly (units as sets; deadlines as
                                 "by 2025-06-30" / "every quarter" / "ongoing" sets;
                                 targets as "comparator value unit" multisets).
Also prints how the importer's own per-task confidence (when it reports one) agrees with
the truth: a "high" task with a wrong field is the costly kind, since the office checks
"low" ones first.
Floors of issue 16 (asserted by tests/plans/parsing/test_corpus_eval.py): task F1 ≥ 0.98,
lead and co units ≥ 0.95, deadlines and targets ≥ 0.95.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fazhi.plans.parsing import Ledger, parse_document  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "plans" / "corpus"
FIELDS = ("lead", "co", "deadlines", "targets")
FLOORS = {"task_f1": 0.98, "lead": 0.95, "co": 0.95, "deadlines": 0.95, "targets": 0.95}
_SPACE = re.compile(r"\s+")


def docx_from_spec(text: str) -> bytes:
    """Paragraph lines and tab-separated table rows → .docx bytes (built here, never committed)."""
    import docx  # python-docx is only needed for the table-form plans of the corpus

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for row, values in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, values + [""] * (width - len(values)), strict=True):
                    cell.text = value
            rows.clear()

    for line in text.splitlines():
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        if line.strip():
            document.add_paragraph(line)
    flush()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def documents() -> list[tuple[str, Path, Path]]:
    """(name, source, expected) for every corpus document, by name."""
    found = []
    for expected in sorted(CORPUS.glob("*.expected.json")):
        name = expected.name.removesuffix(".expected.json")
        sources = [p for p in CORPUS.glob(name + ".*") if p != expected]
        if len(sources) != 1:
            raise SystemExit(f"{name}: expected one source file beside {expected.name}, found {len(sources)}")
        found.append((name, sources[0], expected))
    return found


def parse_source(source: Path) -> Ledger:
    data = source.read_bytes()
    if source.name.endswith(".docx.txt"):
        return parse_document(docx_from_spec(data.decode("utf-8")), source.name.removesuffix(".txt"))
    return parse_document(data, source.name)


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def _number(value: float) -> str:
    return f"{value:g}"


def fields_of(task) -> dict[str, object]:
    """A parsed task's fields in the shape the expected ledgers are written in."""
    deadlines = set()
    for deadline in task.deadlines:
        if deadline.kind == "every":
            deadlines.add(f"every {deadline.period}")
        elif deadline.kind == "ongoing":
            deadlines.add("ongoing")
        else:
            deadlines.add(f"{deadline.kind} {deadline.date.isoformat() if deadline.date else None}")
    return {
        "lead": {_squeeze(u) for u in task.lead_units},
        "co": {_squeeze(u) for u in task.co_units},
        "deadlines": deadlines,
        "targets": Counter(f"{t.comparator} {_number(t.value)} {t.unit}" for t in task.targets),
    }


def expected_fields(task: dict) -> dict[str, object]:
    return {
        "lead": set(task["lead"]),
        "co": set(task["co"]),
        "deadlines": set(task["deadlines"]),
        "targets": Counter(task["targets"]),
    }


@dataclass
class Score:
    name: str
    expected: int = 0
    parsed: int = 0
    found: int = 0
    exact: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    by_confidence: Counter = field(default_factory=Counter)
    """("high"/"low", "right"/"wrong") → found tasks: is the importer's own confidence worth trusting?"""

    @property
    def precision(self) -> float:
        return self.found / self.parsed if self.parsed else (1.0 if not self.expected else 0.0)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def share(self, name: str) -> float:
        return self.exact[name] / self.found if self.found else 0.0

    def add(self, other: Score) -> None:
        self.expected += other.expected
        self.parsed += other.parsed
        self.found += other.found
        self.exact.update(other.exact)
        self.by_confidence.update(other.by_confidence)


def score_document(name: str, ledger: Ledger, expected: dict) -> Score:
    score = Score(name=name, expected=len(expected["tasks"]), parsed=len(ledger.tasks))
    if "plan_year" in expected:
        # Dates written without a year are resolved against it, so a wrong plan year shows here first.
        year = ledger.plan.period_start if ledger.plan.period_start == ledger.plan.period_end else None
        if year != expected["plan_year"]:
            score.misses.append(f"plan year: got {year}, expected {expected['plan_year']}")
    texts = [_squeeze(t.text) for t in ledger.tasks]
    used: set[int] = set()
    cursor = 0
    for want in expected["tasks"]:
        prefix = _squeeze(want["text"])
        # In order first (a plan's tasks keep their order), then anywhere not yet used.
        order = [*range(cursor, len(texts)), *range(cursor)]
        index = next((i for i in order if i not in used and texts[i].startswith(prefix)), None)
        if index is None:
            score.misses.append(f"task not found: {want['text']}")
            continue
        used.add(index)
        cursor = index + 1
        score.found += 1
        got, wanted = fields_of(ledger.tasks[index]), expected_fields(want)
        right = all(got[name_] == wanted[name_] for name_ in FIELDS)
        confidence = getattr(ledger.tasks[index], "confidence", None)
        if confidence:
            score.by_confidence[(confidence, "right" if right else "wrong")] += 1
        for name_ in FIELDS:
            if got[name_] == wanted[name_]:
                score.exact[name_] += 1
            else:
                shown = sorted(got[name_].elements()) if isinstance(got[name_], Counter) else sorted(got[name_])
                score.misses.append(f"{name_} of “{want['text']}”: got {shown}, expected {sorted(want[name_])}")
    score.misses += [f"extra task: {ledger.tasks[i].text[:40]}" for i in range(len(texts)) if i not in used]
    return score


def evaluate() -> tuple[list[Score], Score]:
    """Score every corpus document; return the per-document scores and the overall one."""
    scores = []
    overall = Score(name="overall")
    for name, source, expected_path in documents():
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        score = score_document(name, parse_source(source), expected)
        scores.append(score)
        overall.add(score)
    return scores, overall


def figures(score: Score) -> dict[str, float]:
    return {"task_f1": score.f1, **{name: score.share(name) for name in FIELDS}}


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv or "-v" in argv
    scores, overall = evaluate()
    print(f"{'document':52} {'tasks':>7} {'P':>5} {'R':>5} {'F1':>5} {'lead':>5} {'co':>5} {'dl':>5} {'tgt':>5}")
    for score in [*scores, overall]:
        if score is overall:
            print("-" * 100)
        print(f"{score.name[:52]:52} {score.found:>3}/{score.expected:<3} {score.precision:5.2f} {score.recall:5.2f} "
              f"{score.f1:5.2f} " + " ".join(f"{score.share(name):5.2f}" for name in FIELDS))
        if verbose:
            for miss in score.misses:
                print(f"    {miss}")
    if overall.by_confidence:
        counts = overall.by_confidence
        print("importer's own confidence over found tasks: " + "; ".join(
            f"{level} {counts[(level, 'right')] + counts[(level, 'wrong')]} ({counts[(level, 'wrong')]} with a wrong field)"
            for level in ("high", "low")))
    else:
        print("importer's own confidence: not reported by this importer")
    below = [f"{name} {value:.3f} < {FLOORS[name]}" for name, value in figures(overall).items()
             if value < FLOORS[name]]
    print("floors: " + ("met" if not below else "NOT met: " + "; ".join(below)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
