"""Responsibility annotations: who leads and who helps with a task.

Accepted shapes (any bracket pair, mixed, ASCII or full-width colons and
semicolons, markup already removed by normalisation):

* 〔牵头县领导：…；牵头责任单位：…；协同责任单位：…〕
* （责任单位：…；配合单位：…）, 〔牵头单位:…;责任单位:…〕
* 牵头部门 / 责任部门 / 主责单位 / 参与单位 / 协办单位 / 配合部门 variants
* 责任单位：… on its own line after the paragraph (no brackets)
* inline （市法制局牵头，市监察局、市财政局配合）
* a 完成时限：… field among the others
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fazhi.lib.textnorm import CLOSERS, OPENERS, split_top_level

_LEVEL = r"(?:县|市|区|镇|州|省|旗)?"
_ROLE = re.compile(
    r"(?P<leader>牵头" + _LEVEL + r"领导|责任" + _LEVEL + r"领导|" + _LEVEL + r"领导)"
    r"|(?P<lead>牵头责任(?:单位|部门)|牵头(?:单位|部门)|主责(?:单位|部门)|责任(?:单位|部门))"
    r"|(?P<co>协同责任(?:单位|部门)|协同(?:单位|部门)|配合(?:责任)?(?:单位|部门)|参与(?:单位|部门)|协办(?:单位|部门))"
    r"|(?P<due>完成时限|完成时间|时间要求|时限)"
)
_ROLE_WITH_COLON = re.compile(r"(?:" + _ROLE.pattern + r")\s*[:：]")
_INLINE_LEAD = re.compile(r"(牵头|负责|主责)$")
_INLINE_CO = re.compile(r"(配合|协同|参与|协办)$")
UNIT_SEPARATORS = "、，,；;/ "


@dataclass
class Responsibility:
    lead_leaders: list[str] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    co_units: list[str] = field(default_factory=list)
    due: str = ""
    """A 完成时限 field written inside the annotation, as written."""


def split_units(text: str) -> list[str]:
    """"县司法局、县财政局等" → [县司法局, 县财政局]; splits outside brackets only, drops trailing 等."""
    units = []
    for piece in split_top_level(text, UNIT_SEPARATORS):
        piece = piece.strip("。.：:")
        if len(piece) > 1 and piece.endswith("等"):
            piece = piece[:-1]
        if piece and piece not in units:
            units.append(piece)
    return units


def looks_like_annotation_start(text: str, *, anywhere: bool = False) -> bool:
    """Whether ``text`` opens with (or, with ``anywhere``, contains) a role keyword and a colon."""
    if anywhere:
        return bool(_ROLE_WITH_COLON.search(text))
    return bool(_ROLE_WITH_COLON.match(text.lstrip(OPENERS)))


def parse_fields(content: str) -> Responsibility | None:
    """Read the inside of an annotation; write who leads and who helps, or None if it is not one."""
    matches = list(_ROLE_WITH_COLON.finditer(content))
    if not matches:
        return _parse_inline(content)
    if content[: matches[0].start()].strip(" ；;，,、"):
        return None
    has_lead_role = any(m.group("lead") and m.group("lead") != "责任单位" and m.group("lead") != "责任部门"
                        for m in matches)
    result = Responsibility()
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        value = content[match.end(): following.start() if following else len(content)]
        names = split_units(value)
        if match.group("due"):
            result.due += value.strip(" ；;，,。")
        elif match.group("leader"):
            result.lead_leaders += names
        elif match.group("co"):
            result.co_units += names
        elif match.group("lead") in ("责任单位", "责任部门") and has_lead_role:
            # 〔牵头单位:…;责任单位:…〕: beside a named lead, 责任单位 are the units that share the work.
            result.co_units += names
        else:
            result.lead_units += names
    return result


def _parse_inline(content: str) -> Responsibility | None:
    """（市法制局牵头，市监察局、市财政局配合）: roles written after the units."""
    clauses = split_top_level(content, "，,；;")
    result = Responsibility()
    for clause in clauses:
        if lead := _INLINE_LEAD.search(clause):
            result.lead_units += split_units(clause[: lead.start()])
        elif co := _INLINE_CO.search(clause):
            result.co_units += split_units(clause[: co.start()])
        else:
            return None
    return result if result.lead_units else None


@dataclass
class Annotated:
    text: str
    """The paragraph without its annotation."""
    annotation: str
    responsibility: Responsibility


def split_annotation(paragraph: str) -> Annotated | None:
    """Read a paragraph; write its text and trailing bracketed annotation, or None.

    The annotation is the last top-level bracket group of the paragraph
    (a final 。 may follow it). A paragraph that is nothing but role fields
    without brackets (责任单位：…) counts as an annotation with empty text.
    """
    body = paragraph.rstrip("。. ")
    if body and body[-1] in CLOSERS:
        depth = 0
        for index in range(len(body) - 1, -1, -1):
            char = body[index]
            if char in CLOSERS:
                depth += 1
            elif char in OPENERS:
                depth -= 1
                if depth == 0:
                    responsibility = parse_fields(body[index + 1: -1])
                    if responsibility is None:
                        return None
                    return Annotated(paragraph[:index].rstrip(), body[index:], responsibility)
        # Unbalanced: an opener lost to a page break; accept if the fields start the paragraph tail.
    if _ROLE_WITH_COLON.match(paragraph):
        responsibility = parse_fields(paragraph.rstrip("。"))
        if responsibility is not None:
            return Annotated("", paragraph, responsibility)
    return None
