"""Resolve the unit and leader phrases a plan writes (“县司法局”“各镇（园区）”) to the directory.

The rules, tried in order, each on the normalised phrase (spaces and ``**`` removed,
traditional script read as simplified, full-width brackets, no trailing 等):

1. exact unit name, or exact group phrase;
2. a remembered alias;
3. a unit's full name;
4. the jurisdiction-prefix equivalence: 濉溪县司法局 ↔ 县司法局 ↔ 司法局, i.e. the same
   name once “濉溪县”, “濉溪” or “县” is taken off the front;
5. the bracket form “县委办公室（县委督查考核办）”: the part outside and the part inside
   the brackets are matched by rules 1–4 and must agree on one unit;
6. common short forms (``SHORT_FORMS``): 城管局 ↔ 城管执法局 ↔ 城市管理行政执法局,
   编办 ↔ 机构编制委员会办公室, 委员会 ↔ 委, 办公室 ↔ 办, 人民政府 ↔ 政府, 住房和城乡建设局 ↔
   住建局 …, and group phrase synonyms (``GROUP_SYNONYMS``): 各乡镇 ↔ 各镇 ↔ 各乡镇人民政府,
   各街道 ↔ 各街道办事处, 县直各单位 ↔ 县直各部门.

Each rule has a confidence (``CONFIDENCE``); a phrase is matched only by a rule at or above
``AUTO_MATCH_CONFIDENCE`` that finds exactly one candidate. Below it, or when a rule finds two
different candidates, ``how`` is ``"none"`` and ``suggestions`` lists ranked candidates with
their confidence (局/委/办 variants such as 卫健局 ↔ 卫健委, 公安分局 ↔ 公安局, a group whose
bracketed form starts the same way, then similar names): the directory never guesses, the
person in the upload preview decides, and a choice there can be remembered as an alias.

Inactive units are left out: a unit that has been merged away should not receive tasks.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from fazhi.lib.hanzi import to_simplified
from fazhi.orgs.models import Jurisdiction, Leader, Unit, UnitAlias, UnitGroup

_BRACKETS = str.maketrans({"(": "（", ")": "）", "［": "（", "］": "）"})
_EDGE_PUNCTUATION = "、，,；;：:。."
_BRACKET_FORM = re.compile(r"^(?P<outer>[^（）]+)（(?P<inner>[^（）]+)）$")

# How sure each rule is. At or above AUTO_MATCH_CONFIDENCE a single candidate is taken;
# below it the candidates are only suggested in the import preview.
AUTO_MATCH_CONFIDENCE = 0.9
CONFIDENCE = {
    "exact": 1.0,
    "group": 1.0,
    "alias": 1.0,
    "full_name": 1.0,
    "short": 0.95,
    "abbreviation": 0.9,
    "group_synonym": 0.9,
    "variant": 0.75,
    "group_variant": 0.7,
    "ambiguous": 0.6,
}
# A name only this similar (SequenceMatcher ratio of the short forms) or more is suggested; its
# confidence is the ratio scaled below every rule above, so a similar name never outranks them.
SIMILAR_RATIO = 0.6
SIMILAR_SCALE = 0.55
SUGGESTIONS = 3

# Long forms → short forms, applied in order to a name without its jurisdiction prefix (after
# the generic steps 中共/人民政府/委员会/办公室/和). Both sides of a comparison go through the same
# table, so 城市管理行政执法局, 城管执法局 and 城管局 all read as 城管局.
SHORT_FORMS: tuple[tuple[str, str], ...] = (
    (r"^中共", ""),
    (r"人民政府办公室", "政府办"),
    (r"人民政府", "政府"),
    (r"人民法院", "法院"),
    (r"人民检察院", "检察院"),
    (r"委员会", "委"),
    (r"办公室", "办"),
    (r"和", ""),
    (r"发展改革委", "发改委"),
    (r"住房城乡建设局", "住建局"),
    (r"人力资源社会保障局", "人社局"),
    (r"市场监督管理局", "市场监管局"),
    (r"卫生健康委", "卫健委"),
    (r"城市管理(?:综合)?(?:行政)?执法局|城市管理局|城管(?:综合)?(?:行政)?执法局", "城管局"),
    (r"机构编制委办", "编办"),
    (r"全面依法治(县|区|市|省)委办|依法治(县|区|市|省)委办", r"依法治\1\2办"),
    (r"网络安全信息化委办", "网信办"),
    (r"数据资源管理局", "数据资源局"),
    (r"应急管理局", "应急局"),
    (r"交通运输局|交运局", "交通局"),
    (r"教育体育局", "教体局"),
    (r"文化旅游体育局", "文旅体局"),
    (r"文化旅游局", "文旅局"),
    (r"退役军人事务局", "退役军人局"),
    (r"医疗保障局", "医保局"),
    (r"经济信息化局", "经信局"),
    (r"自然资源规划局", "自然资源局"),
    (r"纪律检查委", "纪委"),
    (r"监察委", "监委"),
    (r"法治宣传教育工作领导小组办", "法宣办"),
    (r"工商业联合会", "工商联"),
    (r"妇女联合会", "妇联"),
    (r"残疾人联合会", "残联"),
    (r"科学技术协会", "科协"),
    (r"政务服务管理局", "政务服务局"),
    # 县委宣传部 and 县宣传部, 县委编办 and 县编办: the party committee's 委 may be left out.
    (r"^委(?!办$)(?=..)", ""),
)
_SHORT_FORMS = tuple((re.compile(pattern), short) for pattern, short in SHORT_FORMS)

# Group phrases that mean the same set of units, on the short form without jurisdiction prefix.
GROUP_SYNONYMS: tuple[tuple[str, str], ...] = (
    (r"^各(?:乡镇|镇|乡)(?:政府)?$", "各乡镇"),
    (r"^各街道(?:办事处|办)?$", "各街道"),
    (r"^各乡镇街道$|^各乡镇（街道）$|^各镇街$|^各镇（街道）$", "各乡镇街道"),
    (r"^直(?:属)?各?(?:单位|部门)$", "直各单位"),
    (r"^政府(?:所属)?各(?:工作)?部门$", "政府各部门"),
    (r"^各?(?:有关|相关)(?:单位|部门)$", "有关部门"),
    (r"^政府(?:有关|相关)(?:单位|部门)$", "政府有关部门"),
)
_GROUP_SYNONYMS = tuple((re.compile(pattern), canonical) for pattern, canonical in GROUP_SYNONYMS)
# The last word of a unit name says what kind of body it is; plans swap them (卫健局 for 卫健委).
_KIND_WORD = re.compile(r"(?:分局|局|委|办|中心)$")


def normalise_unit_phrase(text: str) -> str:
    """The comparable form of a unit phrase: no whitespace or ``**``, simplified script, full-width
    brackets, no trailing 等."""
    text = re.sub(r"\s+", "", to_simplified(text or "").replace("*", ""))
    text = text.translate(_BRACKETS).strip(_EDGE_PUNCTUATION)
    text = re.sub(r"等+$", "", text)
    return text.strip(_EDGE_PUNCTUATION)


def short_form(core: str) -> str:
    """A name without its jurisdiction prefix in its common short form: 城市管理行政执法局 → 城管局."""
    for pattern, short in _SHORT_FORMS:
        core = pattern.sub(short, core)
    for pattern, canonical in _GROUP_SYNONYMS:
        if pattern.match(core):
            return canonical
    return core


@dataclass
class Suggestion:
    """A candidate for a phrase the directory did not match on its own, with how sure it is (0–1)."""

    unit: Unit | None
    group: UnitGroup | None
    confidence: float
    how: str  # "abbreviation", "group_synonym", "variant", "group_variant", "ambiguous" or "similar"

    @property
    def name(self) -> str:
        return self.unit.name if self.unit else self.group.phrase

    @property
    def choice(self) -> str:
        """The value of the preview's picker for this candidate: ``unit:<pk>`` or ``group:<pk>``."""
        return f"unit:{self.unit.pk}" if self.unit else f"group:{self.group.pk}"


@dataclass
class PhraseMatch:
    phrase: str
    unit: Unit | None
    group: UnitGroup | None
    how: str  # "exact", "alias", "full_name", "short", "abbreviation", "group", "group_synonym" or "none"
    confidence: float = 0.0
    suggestions: list[Suggestion] = field(default_factory=list)
    """Ranked candidates, best first, when ``how == "none"``; never applied without a person's choice."""

    @property
    def is_matched(self) -> bool:
        return self.how != "none"


@dataclass
class DirectoryIndex:
    """Everything matching needs for one jurisdiction, loaded once (see ``build_directory_index``)."""

    jurisdiction: Jurisdiction
    prefixes: list[str]
    units: dict[int, Unit] = field(default_factory=dict)
    by_name: dict[str, int] = field(default_factory=dict)
    by_alias: dict[str, int] = field(default_factory=dict)
    by_full_name: dict[str, set[int]] = field(default_factory=dict)
    by_core: dict[str, set[int]] = field(default_factory=dict)
    by_short_form: dict[str, set[int]] = field(default_factory=dict)
    groups: dict[str, UnitGroup] = field(default_factory=dict)
    groups_by_short_form: dict[str, list[UnitGroup]] = field(default_factory=dict)
    leaders: dict[str, Leader] = field(default_factory=dict)

    def core(self, key: str) -> str:
        """The name without the jurisdiction prefix: 濉溪县司法局, 县司法局 and 司法局 all give 司法局."""
        for prefix in self.prefixes:
            if key.startswith(prefix) and len(key) > len(prefix):
                return key[len(prefix) :]
        return key

    def short_form(self, key: str) -> str:
        return short_form(self.core(key.removeprefix("中共")))

    def _add_unit_form(self, key: str, unit_id: int) -> None:
        self.by_core.setdefault(self.core(key), set()).add(unit_id)
        self.by_short_form.setdefault(self.short_form(key), set()).add(unit_id)


def jurisdiction_prefixes(jurisdiction: Jurisdiction) -> list[str]:
    """The ways a unit name can start with its own jurisdiction, longest first: 濉溪县, 濉溪, 县."""
    prefixes = {jurisdiction.name}
    if len(jurisdiction.name) > 2 and jurisdiction.name[-1] in "省市县区镇乡":
        prefixes.add(jurisdiction.name[:-1])
    if jurisdiction.short_name:
        prefixes.add(jurisdiction.short_name)
    return sorted((p for p in prefixes if p), key=len, reverse=True)


def build_directory_index(jurisdiction: Jurisdiction) -> DirectoryIndex:
    """Load units, aliases, groups and leaders of ``jurisdiction`` in four queries."""
    index = DirectoryIndex(jurisdiction=jurisdiction, prefixes=jurisdiction_prefixes(jurisdiction))
    for unit in Unit.objects.filter(jurisdiction=jurisdiction, is_active=True):
        index.units[unit.pk] = unit
        name = normalise_unit_phrase(unit.name)
        index.by_name[name] = unit.pk
        index._add_unit_form(name, unit.pk)
        if unit.full_name:
            full_name = normalise_unit_phrase(unit.full_name)
            index.by_full_name.setdefault(full_name, set()).add(unit.pk)
            index._add_unit_form(full_name, unit.pk)
    for unit_id, text in UnitAlias.objects.filter(
        jurisdiction=jurisdiction, unit__is_active=True
    ).values_list("unit_id", "text"):
        alias = normalise_unit_phrase(text)
        index.by_alias[alias] = unit_id
        index._add_unit_form(alias, unit_id)
    for group in UnitGroup.objects.filter(jurisdiction=jurisdiction):
        phrase = normalise_unit_phrase(group.phrase)
        index.groups[phrase] = group
        index.groups_by_short_form.setdefault(index.short_form(phrase), []).append(group)
    for leader in Leader.objects.filter(jurisdiction=jurisdiction, is_active=True):
        index.leaders[_normalise_person_name(leader.name)] = leader
    return index


def _single(unit_ids: set[int] | None) -> int | None:
    return next(iter(unit_ids)) if unit_ids and len(unit_ids) == 1 else None


def _match_plain(index: DirectoryIndex, key: str) -> tuple[str, int | None, UnitGroup | None]:
    """Rules 1–4. Returns (how, unit id, group); how is "none" when nothing or more than one fits."""
    unit_id = index.by_name.get(key)
    group = index.groups.get(key)
    if unit_id and group:
        return "none", None, None
    if unit_id:
        return "exact", unit_id, None
    if group:
        return "group", None, group
    if key in index.by_alias:
        return "alias", index.by_alias[key], None
    if key in index.by_full_name:
        unit_id = _single(index.by_full_name[key])
        return ("full_name", unit_id, None) if unit_id else ("none", None, None)
    unit_id = _single(index.by_core.get(index.core(key)))
    return ("short", unit_id, None) if unit_id else ("none", None, None)


def _match_short_form(index: DirectoryIndex, key: str) -> tuple[str, int | None, UnitGroup | None]:
    """Rule 6: one unit or one group with the same short form; "none" when none or several."""
    form = index.short_form(key)
    unit_ids = index.by_short_form.get(form, set())
    groups = index.groups_by_short_form.get(form, [])
    if len(unit_ids) == 1 and not groups:
        return "abbreviation", _single(unit_ids), None
    if len(groups) == 1 and not unit_ids:
        return "group_synonym", None, groups[0]
    return "none", None, None


def match_unit_phrase(
    jurisdiction: Jurisdiction, phrase: str, *, directory: DirectoryIndex | None = None
) -> PhraseMatch:
    """Resolve one plan phrase to a unit or a group of ``jurisdiction``; pass ``directory`` when matching many.

    Unmatched phrases carry ranked ``suggestions`` for the person to confirm.
    """
    index = directory or build_directory_index(jurisdiction)
    key = normalise_unit_phrase(phrase)
    if not key:
        return PhraseMatch(phrase=phrase, unit=None, group=None, how="none")
    how, unit_id, group = _match_plain(index, key)
    if how == "none":
        how, unit_id = _match_bracket_form(index, key)
    if how == "none":
        how, unit_id, group = _match_short_form(index, key)
    if how == "none" or CONFIDENCE[how] < AUTO_MATCH_CONFIDENCE:
        return PhraseMatch(phrase=phrase, unit=None, group=None, how="none", suggestions=suggest(index, key))
    return PhraseMatch(
        phrase=phrase,
        unit=index.units.get(unit_id) if unit_id else None,
        group=group,
        how=how,
        confidence=CONFIDENCE[how],
    )


def _match_bracket_form(index: DirectoryIndex, key: str) -> tuple[str, int | None]:
    form = _BRACKET_FORM.match(key)
    if not form:
        return "none", None
    found = set()
    for part in (form["outer"], form["inner"]):
        how, unit_id, group = _match_plain(index, part)
        if group is not None:
            return "none", None
        if unit_id:
            found.add(unit_id)
    unit_id = _single(found)
    return ("alias", unit_id) if unit_id else ("none", None)


def _without_kind_word(form: str) -> str:
    return _KIND_WORD.sub("", form)


def _bracket_outer(form: str) -> str:
    return form.split("（", 1)[0]


def suggest(index: DirectoryIndex, key: str, *, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Ranked candidates for a phrase no rule matched on its own: best first, at most ``limit``.

    In order of confidence: several units sharing the name or short form (``ambiguous`` ranks
    them all), the same short form with another kind word (卫健局 ↔ 卫健委, 公安分局 ↔ 公安局,
    ``variant``), a group whose phrase outside its brackets is the same group (各乡镇 ↔
    各镇（园区）, ``group_variant``), and names at least ``SIMILAR_RATIO`` alike (``similar``).
    """
    form = index.short_form(key)
    stem = _without_kind_word(form)
    scored: dict[tuple[str, int], Suggestion] = {}

    def offer(unit: Unit | None, group: UnitGroup | None, how: str, confidence: float) -> None:
        target = ("unit", unit.pk) if unit else ("group", group.pk)
        held = scored.get(target)
        if held is None or held.confidence < confidence:
            scored[target] = Suggestion(unit=unit, group=group, confidence=round(confidence, 2), how=how)

    exact_ids = {index.by_name[key]} if key in index.by_name else set()
    for unit_id in exact_ids | index.by_full_name.get(key, set()) | index.by_core.get(index.core(key), set()) | (
        index.by_short_form.get(form, set())
    ):
        offer(index.units[unit_id], None, "ambiguous", CONFIDENCE["ambiguous"])
    for group in index.groups_by_short_form.get(form, []):
        offer(None, group, "ambiguous", CONFIDENCE["ambiguous"])
    for other_form, unit_ids in index.by_short_form.items():
        if other_form == form:
            continue  # offered above as ambiguous
        if stem and _without_kind_word(other_form) == stem:
            for unit_id in unit_ids:
                offer(index.units[unit_id], None, "variant", CONFIDENCE["variant"])
        else:
            ratio = SequenceMatcher(None, form, other_form).ratio()
            if ratio >= SIMILAR_RATIO:
                for unit_id in unit_ids:
                    offer(index.units[unit_id], None, "similar", ratio * SIMILAR_SCALE)
    for other_form, groups in index.groups_by_short_form.items():
        outer = index.short_form(_bracket_outer(other_form))
        if other_form != form and outer == index.short_form(_bracket_outer(form)):
            for group in groups:
                offer(None, group, "group_variant", CONFIDENCE["group_variant"])
    ranked = sorted(scored.values(), key=lambda s: (-s.confidence, s.name))
    return ranked[:limit]


def _normalise_person_name(name: str) -> str:
    return re.sub(r"[\s*·•]+", "", to_simplified(name or ""))


def match_leader_name(
    jurisdiction: Jurisdiction, name: str, *, directory: DirectoryIndex | None = None
) -> Leader | None:
    """The active leader of ``jurisdiction`` with exactly this name (spaces and ``**`` ignored), else None."""
    index = directory or build_directory_index(jurisdiction)
    return index.leaders.get(_normalise_person_name(name))
