"""Item structure between classification and the ledger: titles with bodies, cut-off items, confidence.

``Item`` is a paragraph with what the classify stage learnt about it. The passes here read
the whole list of items, because whether a labelled line is a heading, a task's title or a
task cut off before its annotation depends on what stands around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .annotations import Annotated
from .numbering import Label, family_rank
from .stages import Paragraph

# An item "title" on a line of its own is short and has no sentence end inside it.
_TITLE_CHARS = 40
_UNIT_CHARS = 30
_SENTENCE_INSIDE = re.compile(r"[。；;！？!?]\S")

LOW_NO_ANNOTATION = "没有标注责任单位 / no responsibility annotation"
LOW_NO_LEAD = "未识别出牵头单位 / no lead unit found"
LOW_INFERRED = "责任分工按语序推断，没有“牵头单位：”等字段 / roles inferred from word order, no labelled fields"
LOW_RUN_IN = "由连排在一行的文字拆分而来 / split from text that ran together on one line"
LOW_TITLE_BODY = "条目标题与正文分行书写，已合并为一项任务 / item title and body on separate lines were joined"
LOW_BARE = "条目编号后没有标点 / item number written without punctuation"
LOW_JOINED = "含有在动词处断开后合并的行 / holds a line joined after a break at a verb"


@dataclass
class Item:
    """A paragraph with what the classify stage learnt about it."""

    paragraph: Paragraph
    label: Label | None = None
    annotated: Annotated | None = None
    annotation_lines: list[int] = field(default_factory=list)
    dash_year: int | None = None
    too_long: bool = False
    title_body: bool = False
    """A labelled title on its own line merged with the body below it."""

    @property
    def is_annotation_only(self) -> bool:
        return self.annotated is not None and not self.annotated.text

    @property
    def text_without_label(self) -> str:
        text = self.annotated.text if self.annotated else self.paragraph.text
        return text[len(self.label.written):].strip() if self.label else text


def is_title(text: str) -> bool:
    return len(text) <= _TITLE_CHARS and not _SENTENCE_INSIDE.search(text) and not text.endswith(("。", "；", "，", "、"))


def merge_titles_with_bodies(items: list[Item]) -> list[Item]:
    """Read items; write them with an item title on its own line merged with the one annotated body below it.

    "3．完善调解机制" / "建立健全…。（责任单位：…）": the labelled line is the task's title, the paragraph
    below its text. Only when exactly one annotated paragraph follows before the next label, so a
    heading over several unnumbered tasks (濉溪 （三）) stays a heading; and only for a label family that
    other annotated items use, when there are any.
    """
    task_families = {i.label.family for i in items if i.label and i.annotated and not i.is_annotation_only}
    merged: list[Item] = []
    n = 0
    while n < len(items):
        item = items[n]
        if (item.label and item.annotated is None and not item.too_long and item.dash_year is None
                and (not task_families or item.label.family in task_families)
                and is_title(item.text_without_label)):
            end = n + 1
            while (end < len(items) and not items[end].label and items[end].annotated is None
                   and not items[end].too_long and items[end].dash_year is None):
                end += 1
            body_end = end
            if (end > n and end < len(items) and not items[end].label and not items[end].too_long
                    and items[end].annotated and not items[end].is_annotation_only
                    and (end + 1 == len(items) or items[end + 1].label or not items[end + 1].annotated)):
                annotated_item = items[end]
                pieces = [p.paragraph.text for p in items[n:body_end]] + [annotated_item.annotated.text]
                title = pieces[0]
                text = title + ("" if title[-1] in "。：:" else "。") + "".join(pieces[1:])
                lines = [line for p in items[n:end + 1] for line in p.paragraph.lines]
                paragraph = Paragraph(text=text, lines=lines,
                                      pieces=any(p.paragraph.pieces for p in items[n:end + 1]))
                merged.append(Item(paragraph=paragraph, label=item.label,
                                   annotated=Annotated(text, annotated_item.annotated.annotation,
                                                       annotated_item.annotated.responsibility),
                                   annotation_lines=annotated_item.annotation_lines, title_body=True))
                n = end + 1
                continue
        merged.append(item)
        n += 1
    return merged


def cut_off_items(items: list[Item]) -> set[int]:
    """In an annotated plan: labelled items of the tasks' family with no annotation and nothing annotated below.

    Such an item was most likely cut before its annotation (at a page end); it is a task to check,
    not a heading.
    """
    task_families = {i.label.family for i in items if i.label and i.annotated and not i.is_annotation_only}
    # Siblings: items of one family under the same higher label; (一)指导思想 among unannotated siblings is a heading.
    section_of: dict[int, tuple[int, str]] = {}
    tally: dict[tuple[int, str], list[int]] = {}
    open_at: dict[str, int] = {}
    for n, item in enumerate(items):
        if not item.label:
            continue
        rank = family_rank(item.label.family)
        open_at = {family: at for family, at in open_at.items() if family_rank(family) < rank}
        key = (max(open_at.values(), default=-1), item.label.family)
        open_at[item.label.family] = n
        section_of[n] = key
        counts = tally.setdefault(key, [0, 0])
        counts[0 if item.annotated and not item.is_annotation_only else 1] += 1
    found = set()
    for n, item in enumerate(items):
        if not (item.label and item.annotated is None and item.label.family in task_families
                and item.dash_year is None and not item.too_long):
            continue
        annotated_siblings, bare_siblings = tally[section_of[n]]
        if annotated_siblings < bare_siblings:
            continue
        rank = family_rank(item.label.family)
        for following in items[n + 1:]:
            if following.label and family_rank(following.label.family) <= rank:
                found.add(n)
                break
            if following.label or (following.annotated and not following.is_annotation_only):
                break
        else:
            found.add(n)
    return found


def confidence_reasons(item: Item, responsibility, joined_lines: set[int]) -> list[str]:
    """Why a task's reading is doubtful; empty when it came from a clean annotation under a label."""
    reasons = []
    if responsibility is None:
        reasons.append(LOW_NO_ANNOTATION)
    else:
        if not responsibility.lead_units:
            reasons.append(LOW_NO_LEAD)
        # The roles helper marks inferred annotations; until then an annotation without any field colon was.
        if getattr(responsibility, "inferred", False) or not re.search(r"[:：]", item.annotated.annotation):
            reasons.append(LOW_INFERRED)
        odd = [u for u in responsibility.lead_units + responsibility.co_units
               if len(u) > _UNIT_CHARS or re.search(r"[。！？\d]", u)]
        if odd:
            reasons.append(f"单位名称可能有误：{'、'.join(odd)} / unit name looks wrong")
    if item.paragraph.pieces:
        reasons.append(LOW_RUN_IN)
    if item.title_body:
        reasons.append(LOW_TITLE_BODY)
    if item.label and item.label.bare:
        reasons.append(LOW_BARE)
    if joined_lines.intersection(item.paragraph.lines):
        reasons.append(LOW_JOINED)
    return reasons
