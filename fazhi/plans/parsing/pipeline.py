"""The later stages — classify → attach annotations → build the ledger — and ``parse_text``.

Task model (one rule for every plan):

* A paragraph that carries a responsibility annotation (at its end, or on the
  next line on its own) is a task. If it starts with an item label, that label
  is the task's number (濉溪 （三）, 屯溪 15); further annotated paragraphs
  under the same item are tasks with number None. Labelled items themselves are
  never headings when they carry an annotation.
* A labelled paragraph without annotation is a heading; its title is the text
  up to the first 。, and the rest of the paragraph (and unlabelled paragraphs
  right after it) is the heading's body text.
* In a plan with no annotations at all, the lowest-level labelled items (those
  with no deeper item under them, below the top level 一、) are the tasks and
  the levels above are headings.
* ——2022年为…年 paragraphs, and dated paragraphs of a …目标 heading, are goals.
* Everything before the first heading/task/goal is front matter; unlabelled
  paragraphs after the last task are back matter (closing remarks, signature,
  印发 line). Anything else left over goes to ``unparsed`` with a reason.

Every non-empty line gets exactly one role in ``line_roles``. A paragraph longer than
``ReadLimits.line_chars`` is never matched against the grammar: it goes to ``unparsed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from fazhi.lib.limits import Deadline, ReadLimits

from .annotations import Annotated, split_annotation
from .deadlines import extract_deadlines, one_year, unique_deadlines
from .frontmatter import extract_meta, is_closing_line
from .ledger import Doubt, Goal, Heading, Ledger, Task, Unparsed
from .numbering import family_rank, match_label
from .stages import Paragraph, normalise, rejoin_paragraphs, split_lines, split_run_in
from .structure import Item, confidence_reasons, cut_off_items, is_title, merge_titles_with_bodies
from .tables import flat_tables, merge_tables, tab_tables
from .targets import extract_targets

ROLES = ("front", "heading", "goal", "task", "annotation", "back", "unparsed")
_DASH_GOAL = re.compile(r"^[—–\-－]{1,2}(\d{4})年")
_GOAL_YEAR = re.compile(r"(?:到|至)(\d{4})年|^(\d{4})年")
# How much of an over-long paragraph the unparsed list keeps, to show which one it was.
_UNPARSED_CLIP = 200
# More prose paragraphs than these before the first task or after the last one is worth a doubt.
_FRONT_PARAGRAPHS = 12  # a notice, its salutation and body, the plan's title and a preamble
_BACK_PARAGRAPHS = 4
@dataclass
class ParseResult:
    ledger: Ledger
    line_roles: dict[int, str]
    """1-based line number → one of :data:`ROLES`, for every non-empty (normalised) line."""
    front: list[str] = field(default_factory=list)
    """Front matter paragraphs as read (the plan's title, issuers, 文号 come from these)."""
    back: list[str] = field(default_factory=list)
    """Back matter paragraphs (closing remarks, signature, 印发 line), and table header rows."""


def classify(paragraphs: list[Paragraph], *, max_chars: int = ReadLimits.line_chars,
             deadline: Deadline | None = None) -> list[Item]:
    """Read paragraphs; write items with their label, annotation and ——goal year.

    A bare number ("11完善…") is an item label only where it continues the arabic numbering above it, starts
    a list at 1, or is followed by the next number (a list that runs on from 10).

    A paragraph over ``max_chars`` is marked ``too_long`` and not matched at all.
    """
    items = []
    last_arabic = 0
    labels = [None if len(p.text) > max_chars else match_label(p.text) for p in paragraphs]
    # The value of the next arabic label below each paragraph: a list of bare numbers may start anywhere
    # ("10深化…" / "11完善…" when the numbering runs on from an earlier part of the plan).
    next_arabic: list[int | None] = [None] * len(paragraphs)
    following = None
    for n in range(len(paragraphs) - 1, -1, -1):
        next_arabic[n] = following
        if labels[n] is not None and labels[n].family == "arabic":
            following = labels[n].value
    for n, paragraph in enumerate(paragraphs):
        if deadline is not None:
            deadline.check()
        if len(paragraph.text) > max_chars:
            items.append(Item(paragraph=paragraph, too_long=True))
            continue
        dash = _DASH_GOAL.match(paragraph.text)
        label = labels[n]
        if (label is not None and label.bare and label.value not in (1, last_arabic + 1)
                and next_arabic[n] != label.value + 1):
            label = None  # "11完善…" is item 11 only right after item 10 or right before item 12
        if label is not None and label.family == "arabic":
            last_arabic = label.value
        items.append(Item(
            paragraph=paragraph,
            label=label,
            annotated=split_annotation(paragraph.text),
            dash_year=int(dash.group(1)) if dash else None,
        ))
    return items


def attach_annotations(items: list[Item], *, max_chars: int = ReadLimits.line_chars) -> list[Item]:
    """Read items; write them with every stand-alone annotation merged into the paragraph above.

    濉溪 and many 市 plans put 〔牵头…〕 or 责任单位：… on its own line after the
    paragraph it belongs to. An annotation with no unannotated paragraph above
    it stays on its own and is reported as unparsed later, and so does one that would make
    the merged annotation longer than ``max_chars``.
    """
    merged: list[Item] = []
    for item in items:
        previous = merged[-1] if merged else None
        if (item.is_annotation_only and previous is not None and previous.annotation_lines
                and len(previous.annotated.annotation) + len(item.annotated.annotation) < max_chars):
            # 牵头单位：… and 参与单位：… on successive lines of their own: one annotation.
            # Beside a 牵头单位 line, a 责任单位 line names co units (Responsibility.absorb).
            previous.annotated.responsibility.absorb(item.annotated.responsibility)
            previous.annotated.annotation += "；" + item.annotated.annotation
            previous.annotation_lines += item.paragraph.lines
            continue
        if (item.is_annotation_only and previous is not None and previous.annotated is None
                and previous.dash_year is None):
            previous.annotated = Annotated(previous.paragraph.text, item.annotated.annotation,
                                           item.annotated.responsibility)
            previous.annotation_lines = list(item.paragraph.lines)
            continue
        merged.append(item)
    return merged


def _leaf_task_items(items: list[Item]) -> set[int]:
    """In a plan without annotations: the labelled items with no deeper item under them.

    The top-level family (一、) never holds tasks unless it is the only one, so
    "一、总体目标" followed by prose stays a heading.
    """
    labelled = [(n, item.label) for n, item in enumerate(items) if item.label]
    if not labelled:
        return set()
    families = {label.family for _, label in labelled}
    top = min(families, key=family_rank) if families else None
    leaves = set()
    for (n, label), (_, following) in zip(labelled, [*labelled[1:], (None, None)], strict=True):
        deeper_follows = following is not None and family_rank(following.family) > family_rank(label.family)
        if not deeper_follows and (label.family != top or len(families) == 1):
            leaves.add(n)
    return leaves


def _title_and_body(text: str) -> tuple[str, str]:
    title, sep, body = text.partition("。")
    return title.rstrip("：:").strip(), body.strip()


def _goal_year(text: str) -> int | None:
    found = _GOAL_YEAR.search(text)
    return int(found.group(1) or found.group(2)) if found else None


def _goal(text: str, year: int | None, line: int) -> Goal:
    default_by = date(year, 12, 31) if year else None
    return Goal(text=text, year=year, targets=extract_targets(text, default_by=default_by), line=line)


def build_ledger(items: list[Item], cleaned: list[str], *, leaf_tasks: bool = True,
                 max_chars: int = ReadLimits.line_chars, deadline: Deadline | None = None,
                 doubts: list[Doubt] | None = None, tasks_elsewhere: bool = False) -> ParseResult:
    """Read classified items and the cleaned lines; write the ledger and the per-line roles.

    ``leaf_tasks=False`` keeps unannotated labelled items as headings even when the
    text has no annotation at all (the tasks of a table-form plan are in its table). Unless
    ``tasks_elsewhere`` (in a table), a text without any task has its front and back matter
    (but the first paragraph, the title) listed as unparsed: an empty ledger never looks fine.
    """
    has_annotations = any(i.annotated and not i.is_annotation_only for i in items)
    leaf_tasks = set() if has_annotations or not leaf_tasks else _leaf_task_items(items)
    cut_off = cut_off_items(items) if has_annotations else set()
    doubts = doubts if doubts is not None else []
    joined_lines = {d.line for d in doubts if d.suggestion and "\n" not in d.suggestion}
    heading_families = sorted({i.label.family for n, i in enumerate(items) if i.label and (i.annotated is None)
                               and n not in leaf_tasks}, key=family_rank)
    level_of = {family: rank + 1 for rank, family in enumerate(heading_families)}

    def is_structural(item: Item) -> bool:
        return bool(item.label or (item.annotated and not item.is_annotation_only) or item.dash_year)

    structural = [n for n, item in enumerate(items) if is_structural(item)]
    first = structural[0] if structural else len(items)
    last_task = max((n for n, i in enumerate(items) if i.annotated and not i.is_annotation_only
                     or n in leaf_tasks or n in cut_off), default=-1)
    # A one-year plan (2025年…工作要点) dates the phrases its tasks write without a year (6月底前).
    early = extract_meta([i.paragraph.text for i in items[:first]], [], items[0].paragraph.text[:60] if items else "")
    plan_year = one_year(early.period_start, early.period_end)

    headings: list[Heading] = []
    goals: list[Goal] = []
    tasks: list[Task] = []
    unparsed: list[Unparsed] = []
    roles: dict[int, str] = {}
    stack: list[Heading] = []
    front: list[str] = []
    back: list[str] = []
    matter: list[tuple[Item, str]] = []
    after = "start"  # what the last structural paragraph was: heading or task

    def mark(item: Item, role: str) -> None:
        # A line split into pieces has the role of its most doubtful piece: unparsed wins.
        for line in item.paragraph.lines:
            if roles.get(line) != "unparsed":
                roles[line] = role
        for line in item.annotation_lines:
            if roles.get(line) != "unparsed":
                roles[line] = "annotation"

    def leave_unparsed(item: Item, reason: str, *, clip: int | None = None) -> None:
        mark(item, "unparsed")
        for line in item.paragraph.lines:
            roles[line] = "unparsed"
        if item.paragraph.pieces:
            text = item.paragraph.text
            if clip is not None and len(text) > clip:
                text = text[:clip] + "…"
            unparsed.append(Unparsed(line=item.paragraph.first, text=text, reason=reason))
            return
        for line in item.paragraph.lines:
            text = cleaned[line - 1]
            if clip is not None and len(text) > clip:
                text = text[:clip] + "…"
            unparsed.append(Unparsed(line=line, text=text, reason=reason))

    for n, item in enumerate(items):
        if deadline is not None:
            deadline.check()
        paragraph = item.paragraph
        if item.too_long:
            leave_unparsed(item, f"该段超过 {max_chars} 个字符，未予识别，请分段后重新导入 / paragraph longer than "
                                 f"{max_chars} characters was not parsed", clip=_UNPARSED_CLIP)
            continue
        if n < first:
            front.append(paragraph.text)
            matter.append((item, "front"))
            mark(item, "front")
            continue
        if item.dash_year:
            goals.append(_goal(paragraph.text.lstrip("—–-－"), item.dash_year, paragraph.first))
            mark(item, "goal")
            continue
        if item.is_annotation_only:
            leave_unparsed(item, "责任分工没有对应的任务段落 / responsibility annotation with no task paragraph above it")
            continue
        is_task = bool(item.annotated) or n in leaf_tasks or n in cut_off
        if is_task:
            text = item.text_without_label
            responsibility = item.annotated.responsibility if item.annotated else None
            reasons = confidence_reasons(item, responsibility, joined_lines)
            if n in cut_off:
                doubts.append(Doubt(
                    line=paragraph.first, text=paragraph.text,
                    reason="该条目没有标注责任单位，可能在分页处被截断 / item has no responsibility annotation; "
                           "it may have been cut off at a page end",
                    suggestion=f"任务“{text[:30]}”，请补充牵头单位 / a task; add its lead unit"))
            if item.label and item.label.bare:
                doubts.append(Doubt(
                    line=paragraph.first, text=paragraph.text,
                    reason=f"条目编号“{item.label.written}”后没有标点 / item number without punctuation",
                    suggestion=f"第 {item.label.value} 项：{text[:30]}"))
            tasks.append(Task(
                seq=len(tasks) + 1,
                text=text,
                number=item.label.task_number if item.label else None,
                heading=stack[-1].id if stack else None,
                lead_leaders=responsibility.lead_leaders if responsibility else [],
                lead_units=responsibility.lead_units if responsibility else [],
                co_units=responsibility.co_units if responsibility else [],
                deadlines=unique_deadlines(extract_deadlines(text, year=plan_year)
                                  + extract_deadlines(responsibility.due if responsibility else "", year=plan_year)),
                targets=extract_targets(text, year=plan_year),
                lines=(paragraph.first, max(*paragraph.lines, *(item.annotation_lines or [0]))),
                annotation=item.annotated.annotation if item.annotated else None,
                confidence="low" if reasons else "high",
                confidence_reasons=reasons,
            ))
            mark(item, "task")
            after = "task"
            continue
        if item.label:
            level = level_of[item.label.family]
            while stack and stack[-1].level >= level:
                stack.pop()
            title, body = _title_and_body(item.text_without_label)
            heading = Heading(id=f"h{len(headings) + 1}", level=level, number=item.label.written, title=title,
                              parent=stack[-1].id if stack else None, line=paragraph.first, body=body)
            headings.append(heading)
            stack.append(heading)
            after = "heading"
            if "目标" in title and body and (year := _goal_year(body)):
                goals.append(_goal(body, year, paragraph.first))
                heading.body = ""
                mark(item, "goal")
            else:
                mark(item, "heading")
            continue
        # An unlabelled paragraph without annotation.
        in_goal_section = any("目标" in h.title for h in stack)
        if in_goal_section and (year := _goal_year(paragraph.text)):
            goals.append(_goal(paragraph.text, year, paragraph.first))
            mark(item, "goal")
        elif (after == "task" and tasks and tasks[-1].annotation is None and not is_closing_line(paragraph.text)
              and (n < last_task or is_title(tasks[-1].text))):
            # "1．推行执法公示" / "全面推行…。": the body below an item without annotation (a plan without any,
            # or an item cut off before its annotation) is the task's text. After the last task only a short
            # title takes a body; other paragraphs there are closing remarks.
            task = tasks[-1]
            task.text += ("" if task.text[-1] in "。：:，、" else "。") + paragraph.text
            task.lines = (task.lines[0], max(task.lines[1], *paragraph.lines))
            task.deadlines = unique_deadlines(extract_deadlines(task.text, year=plan_year))
            task.targets = extract_targets(task.text, year=plan_year)
            mark(item, "task")
        elif n > last_task and (after == "task" or is_closing_line(paragraph.text)):
            back.append(paragraph.text)
            matter.append((item, "back"))
            mark(item, "back")
        elif after == "heading":
            headings[-1].body += paragraph.text
            mark(item, "heading")
        else:
            leave_unparsed(item, "任务之后的段落没有标注责任单位 / paragraph after a task has no responsibility annotation")

    for role, most in (("front", _FRONT_PARAGRAPHS), ("back", _BACK_PARAGRAPHS)):
        prose = [item for item, kind in matter if kind == role and not is_closing_line(item.paragraph.text)]
        if tasks and len(prose) > most:
            # Many paragraphs before the first or after the last task: cells of a table the importer did not
            # recognise, or items in a shape it does not know. Say so rather than file them away quietly.
            where = "第一项任务之前" if role == "front" else "最后一项任务之后"
            doubts.append(Doubt(
                line=prose[0].paragraph.first, text=prose[0].paragraph.text,
                reason=f"{where}有 {len(prose)} 段正文，已作为{'前言' if role == 'front' else '结尾'}部分，其中可能有"
                       f"未识别的任务 / {len(prose)} paragraphs {'before the first' if role == 'front' else 'after the last'}"
                       " task were read as front or closing matter; some may be tasks",
                suggestion="\n".join(item.paragraph.text[:40] for item in prose[:3])))
    if not tasks and not tasks_elsewhere and matter:
        # No task anywhere: a plan in a shape the importer does not know (a table flattened past recognition…).
        # Its text goes to unparsed, where the office sees it, rather than into front or back matter.
        kept_front = matter[0][0] if matter[0][1] == "front" else None
        front = [kept_front.paragraph.text] if kept_front else []
        back = []
        for item, _role in matter:
            if item is not kept_front:
                leave_unparsed(item, "未识别出任何任务，此段未归入任何任务，请检查文件格式 / no task was found in the "
                                     "document; this paragraph was not assigned")
        unparsed.sort(key=lambda u: u.line)
    fallback_title = items[0].paragraph.text[:60] if items else ""
    doubts.sort(key=lambda d: d.line)
    ledger = Ledger(plan=extract_meta(front, back, fallback_title), headings=headings, goals=goals,
                    tasks=tasks, unparsed=unparsed, doubts=doubts)
    return ParseResult(ledger=ledger, line_roles=roles, front=front, back=back)


def ledger_with_trace(text: str, *, leaf_tasks: bool = True, limits: ReadLimits | None = None,
                      deadline: Deadline | None = None) -> ParseResult:
    """Run every stage on ``text``; return the ledger and the role of every non-empty line.

    Every stage is linear in the length of the text; ``deadline`` is checked between stages and paragraphs.
    """
    max_chars = (limits or ReadLimits()).line_chars
    cleaned = normalise(text)
    if deadline is not None:
        deadline.check()
    doubts: list[Doubt] = []
    flat = flat_tables(cleaned)
    if "\t" in text:  # a spreadsheet pasted as text: normalising turns its tabs into nothing
        flat += tab_tables(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    text_lines = cleaned
    if flat:
        text_lines = list(cleaned)
        for table, _header, _columns in flat:
            for span in table.spans or [[line] for line in table.lines]:
                for line in span:
                    text_lines[line - 1] = ""
    paragraphs = rejoin_paragraphs(split_run_in(split_lines(text_lines), doubts), max_chars=max_chars, doubts=doubts)
    items = attach_annotations(classify(paragraphs, max_chars=max_chars, deadline=deadline), max_chars=max_chars)
    items = merge_titles_with_bodies(items)
    result = build_ledger(items, cleaned, leaf_tasks=leaf_tasks and not flat, max_chars=max_chars,
                          deadline=deadline, doubts=doubts, tasks_elsewhere=not leaf_tasks or bool(flat))
    if flat:
        merge_tables(result, flat, limits=limits or ReadLimits())
    return result


def parse_text(text: str) -> Ledger:
    """Plan text in, typed :class:`Ledger` out. Never raises on odd input."""
    return ledger_with_trace(text).ledger
