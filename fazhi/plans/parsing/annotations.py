"""Responsibility annotations: who leads and who helps with a task.

The role words are tables in ``rolewords``; this module applies them. Accepted shapes
(any bracket pair, mixed, ASCII or full-width colons and semicolons, markup already removed
by normalisation, traditional script read as simplified, one stray space inside a role word):

* labelled fields: 〔牵头县领导：…；牵头责任单位：…；协同责任单位：…〕, （责任单位：…；配合单位：…）,
  牵头部门 / 主责单位 / 参与单位 / 协办单位 / 配合部门 … (``rolewords.LABELS``), a 完成时限：… field;
* the same fields on their own line(s) after the paragraph, without brackets;
* role words after the units (``rolewords.VERBS``): （市法制局牵头，市监察局、市财政局配合）,
  （X、Y办理） (all lead), （X负责，Y及相关部门各负其责） (Y and 相关部门 help);
* a joining word (``rolewords.JOINERS``): （X会同Y办理）, X会同Y负责 → X leads, Y helps;
* a bracketed bare unit list without any role word: （县司法局、县财政局） → lead units, ``inferred``.

Unit lists split at 、，,；;/ outside brackets, at 及/和/与 between two whole unit names
(市信息办及相关部门 → 市信息办, 相关部门; 住房和城乡建设局 stays whole), and at a space only
between two whole names (人力 资源社会保障局 is one name). Trailing 等, 等有关部门 and role
words (按职责分工分别负责) are not part of a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fazhi.lib.hanzi import to_simplified
from fazhi.lib.textnorm import BRACKETS, CLOSERS, OPENERS, split_top_level

from .rolewords import (
    CLAUSE_OPENERS,
    CO,
    DUE,
    ET_CETERA,
    GROUP_MARKS,
    GROUP_NOUNS,
    GROUP_PLACE_ENDINGS,
    JOINERS,
    LABELS,
    LEAD,
    LEADER,
    RESPONSIBLE,
    SHARED,
    UNIT_CONJUNCTIONS,
    UNIT_ENDINGS,
    UNIT_STARTS,
    VERBS,
    spaced,
)

_LABEL = re.compile(r"(?:" + spaced(word for _, word in LABELS) + r")\s*[:：]")
_LABEL_ROLE = {word: role for role, word in LABELS}
_VERB_AT_END = re.compile(r"(?:" + spaced(word for _, word in VERBS) + r")$")
_VERB_ROLE = {word: role for role, word in VERBS}
_JOINER = re.compile(spaced(JOINERS))
_CONJUNCTION = re.compile("|".join(UNIT_CONJUNCTIONS))
_SPACES = re.compile(r"\s+")
_TRAILING_ALIAS = re.compile(r"[（(][^（）()]*[）)]$")
# Words that show a bracket holds a remark, not units: （以下简称…办公室）, （含…）.
_REMARK = re.compile(r"简称|以下|见附件|第.+号|\d")
# A bracket starting with these words is a remark even when it ends like a unit: （含乡镇）.
_REMARK_START = ("含", "包括", "即", "如", "详见", "参见", "见")
# A clause of an inline annotation that is a time, not units: （县司法局负责，2023年6月底前完成）.
_DUE_CLAUSE = re.compile(r"\d{4}年|\d{1,2}月|年底|年内|年中|长期|持续|常态化|每年|每季度|每月|每半年|前完成")
UNIT_SEPARATORS = "、，,；;/"
_CLAUSE_SEPARATORS = "，,；;"
_FIELD_EDGES = " ；;，,、。."
# No unit name is longer; longer text is never a name, which keeps every name test cheap on hostile input.
NAME_MAX_CHARS = 60


@dataclass
class Responsibility:
    lead_leaders: list[str] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    co_units: list[str] = field(default_factory=list)
    due: str = ""
    """A 完成时限 field written inside the annotation, as written."""
    inferred: bool = False
    """True when the roles were not written but read by rule: a bracketed unit list with no role
    word, or a unit clause without one beside clauses that have one. A clean labelled or
    role-worded annotation is False. The import preview shows such tasks as doubtful."""
    named_lead: bool = False
    """The lead units were named by a lead word (牵头单位, 牵头, 负责 …), not only by 责任单位: a
    责任单位 field merged in later (a separate label line) then holds co units."""

    def absorb(self, other: Responsibility) -> None:
        """Merge a further annotation line into this one (牵头单位：… / 责任单位：… on two lines).

        Beside a named lead, the other line's plain 责任单位 are co units, in either order.
        """
        other_lead = other.lead_units
        if self.named_lead and not other.named_lead:
            self.co_units += other_lead
        elif other.named_lead and not self.named_lead and self.lead_units:
            self.co_units = self.lead_units + self.co_units
            self.lead_units = list(other_lead)
        else:
            self.lead_units += other_lead
        self.named_lead = self.named_lead or other.named_lead
        self.lead_leaders += other.lead_leaders
        self.co_units += other.co_units
        self.due += other.due
        self.inferred = self.inferred or other.inferred
        self.lead_units = _unique(self.lead_units)
        self.co_units = [unit for unit in _unique(self.co_units) if unit not in self.lead_units]


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _without_alias(name: str) -> str:
    """各镇（园区） → 各镇; the bracketed alias does not say what kind of body a name is."""
    return _TRAILING_ALIAS.sub("", name)


def is_unit_name(name: str) -> bool:
    """Whether ``name`` reads as one whole unit or group name: it ends like one (局, 委员会, 各部门 …)."""
    if len(name) > NAME_MAX_CHARS:
        return False
    core = _without_alias(name)
    if not core or _REMARK.search(core):
        return False
    if core.startswith("各") and core.endswith(GROUP_PLACE_ENDINGS) and len(core) > 1:
        return True
    return any(core.endswith(ending) and len(core) > len(ending) for ending in UNIT_ENDINGS)


def _is_clear_unit_name(name: str) -> bool:
    """Stricter, for a list with no role word: a generic noun (单位, 部门) needs 各/有关/直… in front."""
    if not is_unit_name(name) or name.startswith(_REMARK_START):
        return False
    core = _without_alias(name)
    if core.endswith(GROUP_NOUNS):
        return any(mark in core for mark in GROUP_MARKS) or core.startswith(UNIT_STARTS)
    return True


def _starts_like_unit(name: str) -> bool:
    return name.startswith(UNIT_STARTS)


def _join_space_pieces(piece: str) -> list[str]:
    """Rejoin a name cut by a stray space ("人力 资源社会保障局"); keep spaces that separate names.

    A space separates two names when the text before it is a whole name and the text after it
    starts like one (县/区/各…), or both are whole names and the first is not a bare 县委/区委.
    Short pieces none of which looks like a unit are person names ("陈明月 蒋鹏").
    """
    if " " not in piece:
        return [piece]
    parts = split_top_level(piece, " ")
    if len(parts) < 2:
        return parts
    if all(2 <= len(part) <= 4 and not is_unit_name(part) for part in parts):
        return parts
    out = [parts[0]]
    for part in parts[1:]:
        left = out[-1]
        if len(left) > NAME_MAX_CHARS:
            out.append(part)  # not a name in any reading; glue no further
            continue
        bare_committee = len(left) <= 3 and left.endswith("委")
        if is_unit_name(left) and (_starts_like_unit(part) or (is_unit_name(part) and not bare_committee)):
            out.append(part)
        else:
            out[-1] = left + part
    return out


def _split_conjunctions(name: str) -> list[str]:
    """市信息办及相关部门 → [市信息办, 相关部门]; 住房和城乡建设局 stays whole.

    A 及/和/与 splits only when the text before it and the text after it are both whole names.
    """
    if len(name) > 2 * NAME_MAX_CHARS:
        return [name]
    for found in _CONJUNCTION.finditer(name):
        left, right = name[: found.start()], name[found.end():]
        if left.count("（") + left.count("(") != left.count("）") + left.count(")"):
            continue  # inside brackets
        if is_unit_name(left) and is_unit_name(right):
            return [left, *_split_conjunctions(right)]
    return [name]


def _strip_qualifiers(text: str) -> str:
    """县财政局等有关部门 → 县财政局; 各部门按职责分工分别负责 → 各部门."""
    text = text.strip(_FIELD_EDGES)
    if (verb := _VERB_AT_END.search(text)) and verb.start() > 0:
        text = text[: verb.start()]
    if (etc := ET_CETERA.search(text)) and etc.start() > 0:
        text = text[: etc.start()]
    return text.strip(_FIELD_EDGES)


def split_units(text: str) -> list[str]:
    """"县司法局、县财政局等" → [县司法局, 县财政局]: unit names of one list, in order, each once.

    Splits outside brackets only; see the module docstring for 及/和, spaces and qualifiers.
    """
    units = []
    for piece in split_top_level(text, UNIT_SEPARATORS):
        for spaced_piece in _join_space_pieces(piece):
            for name in _split_conjunctions(_strip_qualifiers(spaced_piece)):
                name = _strip_qualifiers(name)
                if name and name not in units:
                    units.append(name)
    return units


def split_names(text: str) -> list[str]:
    """Person names of a 牵头领导 field: "陈明月、蒋鹏" or "陈明月 蒋鹏" → [陈明月, 蒋鹏]."""
    names = []
    for piece in split_top_level(text, UNIT_SEPARATORS + " "):
        piece = piece.strip(_FIELD_EDGES)
        if len(piece) > 1 and piece.endswith("等"):
            piece = piece[:-1]
        if piece and piece not in names:
            names.append(piece)
    return names


def looks_like_annotation_start(text: str, *, anywhere: bool = False) -> bool:
    """Whether ``text`` opens with (or, with ``anywhere``, contains) a role label and a colon."""
    text = to_simplified(text)
    if anywhere:
        return bool(_LABEL.search(text))
    return bool(_LABEL.match(text.lstrip(OPENERS)))


def _label_role(found: re.Match) -> str:
    word = _SPACES.sub("", found.group())
    return _LABEL_ROLE[word.rstrip(":：")]


def parse_fields(content: str) -> Responsibility | None:
    """Read the inside of an annotation; write who leads and who helps, or None if it is not one.

    ``content`` is read as simplified script.
    """
    content = to_simplified(content)
    matches = list(_LABEL.finditer(content))
    if not matches:
        return _parse_inline(content)
    if content[: matches[0].start()].strip(_FIELD_EDGES):
        return None
    roles = [_label_role(found) for found in matches]
    result = Responsibility(named_lead=LEAD in roles)
    ends = [following.start() for following in matches[1:]] + [len(content)]
    for found, role, end in zip(matches, roles, ends, strict=True):
        value = content[found.end(): end]
        if role == DUE:
            result.due += value.strip(_FIELD_EDGES)
        elif role == LEADER:
            result.lead_leaders += split_names(value)
        elif role == CO or (role == RESPONSIBLE and result.named_lead):
            # 〔牵头单位:…;责任单位:…〕: beside a named lead, 责任单位 are the units that share the work.
            result.co_units += split_units(value)
        else:
            result.lead_units += split_units(value)
    result.lead_units = _unique(result.lead_units)
    result.co_units = _unique(result.co_units)
    return result


def _verb_role(found: re.Match) -> str:
    return _VERB_ROLE[_SPACES.sub("", found.group())]


def _top_level_joiner(text: str) -> re.Match | None:
    if len(text) > 4 * NAME_MAX_CHARS:
        return None
    for found in _JOINER.finditer(text):
        left, right = text[: found.start()], text[found.end():]
        if not left or is_unit_name(left.split("、")[-1]):
            right_units = split_units(right)
            if right_units and is_unit_name(right_units[0]):
                return found
    return None


def _parse_inline(content: str) -> Responsibility | None:
    """Role words written after the units, a joining word, or no role word at all.

    （市法制局牵头，市监察局、市财政局配合）, （X会同Y办理）, （X、Y办理）, （X牵头，Y及相关部门各负其责）,
    （县司法局、县财政局）. Returns None unless at least one lead unit is found and every clause
    is units (with or without a role word) or a time.
    """
    result = Responsibility()
    shared: list[str] = []
    for clause in split_top_level(content, _CLAUSE_SEPARATORS):
        clause = clause.strip(_FIELD_EDGES)
        verb = _VERB_AT_END.search(clause)
        role = _verb_role(verb) if verb else None
        head = clause[: verb.start()] if verb else clause
        for opener in CLAUSE_OPENERS:
            if head.startswith(opener):
                head = head[len(opener):]
        if joiner := _top_level_joiner(head):
            lead = split_units(head[: joiner.start()])
            result.lead_units += lead
            result.co_units += split_units(head[joiner.end():])
            result.named_lead = result.named_lead or bool(lead)
            continue
        units = split_units(head)
        if role is None:
            if _DUE_CLAUSE.search(clause) and not any(is_unit_name(unit) for unit in units):
                result.due += clause
                continue
            if not units or not all(_is_clear_unit_name(unit) for unit in units):
                return None
            result.inferred = True
            shared += units
        elif not units or not any(is_unit_name(unit) for unit in units):
            return None
        elif role == CO:
            result.co_units += units
        elif role == SHARED:
            shared += units
        else:
            result.lead_units += units
            result.named_lead = True
    if result.named_lead or result.lead_units:
        result.co_units += shared
    else:
        result.lead_units += shared
    if not result.lead_units:
        return None
    result.lead_units = _unique(result.lead_units)
    result.co_units = [unit for unit in _unique(result.co_units) if unit not in result.lead_units]
    return result


@dataclass
class Annotated:
    text: str
    """The paragraph without its annotation."""
    annotation: str
    """The annotation as written (original script, brackets kept)."""
    responsibility: Responsibility


def split_annotation(paragraph: str) -> Annotated | None:
    """Read a paragraph; write its text and trailing bracketed annotation, or None.

    The annotation is the last top-level bracket group of the paragraph
    (a final 。 may follow it). A paragraph that is nothing but role fields
    without brackets (责任单位：…) counts as an annotation with empty text.
    The paragraph is read in simplified script; ``text`` and ``annotation`` are cut from it as written.
    """
    simple = to_simplified(paragraph)
    body = simple.rstrip("。. ")
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
                    return Annotated(paragraph[:index].rstrip(), paragraph[index: len(body)], responsibility)
        # Unbalanced: an opener lost to a page break; accept if the fields start the paragraph tail.
    if _LABEL.match(simple):
        responsibility = parse_fields(simple.rstrip("。"))
        if responsibility is not None:
            return Annotated("", paragraph, responsibility)
    return _split_role_sentence(paragraph, body)


def _split_role_sentence(paragraph: str, body: str) -> Annotated | None:
    """An unbracketed last sentence that only says who does the work: "…。县司法局会同县财政局负责。".

    Taken only when every clause has a role word (or joining word) and every name is a whole unit name
    starting like one (县/区/市/各…), so an ordinary closing sentence ("推动各部门落实") stays text. A paragraph that is nothing but such a sentence is an
    annotation of its own (it then joins the paragraph above, like a 责任单位：… line).
    """
    start = body.rfind("。") + 1
    tail = body[start:]
    if not tail or len(tail) > 4 * NAME_MAX_CHARS or any(char in BRACKETS for char in tail):
        return None
    responsibility = _parse_inline(tail)
    if responsibility is None or responsibility.inferred or responsibility.due:
        return None
    names = responsibility.lead_units + responsibility.co_units
    if not all(is_unit_name(unit) and _starts_like_unit(unit) for unit in names):
        return None
    return Annotated(paragraph[:start].rstrip(), paragraph[start: len(body)], responsibility)
