"""``fazhi import FILE [--json]``: parse a plan and show what the importer found.

No database is touched; with ``--jurisdiction`` the Django command stores the
plan instead (see ``fazhi/cli.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from typing import TextIO

from .document import parse_path
from .errors import DocumentReadError
from .ledger import Deadline, Ledger, Target


def _utf8(stream: TextIO) -> TextIO:
    # A C/POSIX locale would make print() fail on Chinese text.
    if hasattr(stream, "reconfigure"):
        try:
            stream.reconfigure(encoding="utf-8")
        except (ValueError, OSError):
            pass
    return stream


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(text: str, width: int) -> str:
    out, used = [], 0
    for char in text:
        w = _width(char)
        if used + w > width:
            break
        out.append(char)
        used += w
    return "".join(out) + " " * (width - used)


def _deadline(d: Deadline) -> str:
    return f"{d.kind} {d.date.isoformat()}" if d.date else f"{d.kind} {d.period or ''}".strip()


def _target(t: Target) -> str:
    per = f"/{t.per}" if t.per else ""
    return f"{t.comparator}{t.value:g}{t.unit}{per}"


def summary(ledger: Ledger) -> str:
    """A readable report: metadata, counts, a task table and the unparsed lines with reasons."""
    plan = ledger.plan
    out = [
        f"方案 / plan: {plan.title}",
        f"文号 / number: {plan.doc_number or '-'}    印发 / issued: {plan.issued_on or '-'}    "
        f"期间 / period: {plan.period_start or '?'}–{plan.period_end or '?'}",
        f"发文机关 / issuers: {'、'.join(plan.issuers) or '-'}",
        f"标题 {len(ledger.headings)} · 目标 {len(ledger.goals)} · 任务 {len(ledger.tasks)} · "
        f"未识别 {len(ledger.unparsed)}  (headings · goals · tasks · unparsed)",
        "",
    ]
    for goal in ledger.goals:
        targets = "; ".join(f"{t.subject or ''}{_target(t)}" for t in goal.targets)
        out.append(f"目标 {goal.year or '-'}: {goal.text[:30]}  {targets}")
    if ledger.goals:
        out.append("")
    columns = ((4, "seq"), (8, "编号"), (32, "任务"), (14, "牵头领导"), (28, "牵头单位"), (28, "配合单位"),
               (24, "时限"), (0, "指标"))
    out.append(" ".join(_cell(title, width) if width else title for width, title in columns))
    for task in ledger.tasks:
        values = (str(task.seq), task.number or "", task.text[:30], "、".join(task.lead_leaders),
                  "、".join(task.lead_units), "、".join(task.co_units),
                  "; ".join(_deadline(d) for d in task.deadlines), "; ".join(_target(t) for t in task.targets))
        out.append(" ".join(_cell(v, w) if w else v for (w, _), v in zip(columns, values, strict=True)).rstrip())
    if ledger.unparsed:
        out += ["", "未识别的行 / unparsed lines:"]
        out += [f"  {u.line}: {u.text[:40]}  — {u.reason}" for u in ledger.unparsed]
    return "\n".join(out) + "\n"


def run_import(argv: list[str]) -> int:
    """Entry point of ``fazhi import FILE [--json]``; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="fazhi import", description="解析方案文件并显示识别结果 / parse a plan")
    parser.add_argument("file", help=".txt / .docx / .pdf")
    parser.add_argument("--json", action="store_true", help="输出符合 ledger-schema.json 的 JSON")
    args = parser.parse_args(argv)
    stdout, stderr = _utf8(sys.stdout), _utf8(sys.stderr)
    try:
        ledger = parse_path(args.file)
    except DocumentReadError as err:
        print(str(err), file=stderr)
        return 2
    if args.json:
        stdout.write(json.dumps(ledger.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        stdout.write(summary(ledger))
    return 0
