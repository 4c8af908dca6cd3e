"""Resolve the unit and leader phrases a plan writes (“县司法局”“各镇（园区）”) to the directory.

The rules, tried in order, each on the normalised phrase:

1. exact unit name, or exact group phrase;
2. a remembered alias;
3. a unit's full name;
4. the jurisdiction-prefix equivalence: 濉溪县司法局 ↔ 县司法局 ↔ 司法局, i.e. the same
   name once “濉溪县”, “濉溪” or “县” is taken off the front;
5. the bracket form “县委办公室（县委督查考核办）”: the part outside and the part inside
   the brackets are matched by rules 1–4 and must agree on one unit.

A rule that finds two different candidates stops the search with ``how="none"``:
the directory never guesses, the person in the upload preview decides.

Inactive units are left out: a unit that has been merged away should not receive tasks.
"""

import re
from dataclasses import dataclass, field

from fazhi.orgs.models import Jurisdiction, Leader, Unit, UnitAlias, UnitGroup

_BRACKETS = str.maketrans({"(": "（", ")": "）", "［": "（", "］": "）"})
_EDGE_PUNCTUATION = "、，,；;：:。."
_BRACKET_FORM = re.compile(r"^(?P<outer>[^（）]+)（(?P<inner>[^（）]+)）$")


def normalise_unit_phrase(text: str) -> str:
    """The comparable form of a unit phrase: no whitespace or ``**``, full-width brackets, no trailing 等."""
    text = re.sub(r"\s+", "", (text or "").replace("*", ""))
    text = text.translate(_BRACKETS).strip(_EDGE_PUNCTUATION)
    text = re.sub(r"等+$", "", text)
    return text.strip(_EDGE_PUNCTUATION)


@dataclass
class PhraseMatch:
    phrase: str
    unit: Unit | None
    group: UnitGroup | None
    how: str  # "exact", "alias", "full_name", "short", "group" or "none"

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
    groups: dict[str, UnitGroup] = field(default_factory=dict)
    leaders: dict[str, Leader] = field(default_factory=dict)

    def core(self, key: str) -> str:
        """The name without the jurisdiction prefix: 濉溪县司法局, 县司法局 and 司法局 all give 司法局."""
        for prefix in self.prefixes:
            if key.startswith(prefix) and len(key) > len(prefix):
                return key[len(prefix) :]
        return key


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
        index.by_core.setdefault(index.core(name), set()).add(unit.pk)
        if unit.full_name:
            full_name = normalise_unit_phrase(unit.full_name)
            index.by_full_name.setdefault(full_name, set()).add(unit.pk)
            index.by_core.setdefault(index.core(full_name), set()).add(unit.pk)
    for unit_id, text in UnitAlias.objects.filter(
        jurisdiction=jurisdiction, unit__is_active=True
    ).values_list("unit_id", "text"):
        alias = normalise_unit_phrase(text)
        index.by_alias[alias] = unit_id
        index.by_core.setdefault(index.core(alias), set()).add(unit_id)
    for group in UnitGroup.objects.filter(jurisdiction=jurisdiction):
        index.groups[normalise_unit_phrase(group.phrase)] = group
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


def match_unit_phrase(
    jurisdiction: Jurisdiction, phrase: str, *, directory: DirectoryIndex | None = None
) -> PhraseMatch:
    """Resolve one plan phrase to a unit or a group of ``jurisdiction``; pass ``directory`` when matching many."""
    index = directory or build_directory_index(jurisdiction)
    key = normalise_unit_phrase(phrase)
    if not key:
        return PhraseMatch(phrase=phrase, unit=None, group=None, how="none")
    how, unit_id, group = _match_plain(index, key)
    if how == "none":
        how, unit_id = _match_bracket_form(index, key)
    return PhraseMatch(
        phrase=phrase, unit=index.units.get(unit_id) if unit_id else None, group=group, how=how
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


def _normalise_person_name(name: str) -> str:
    return re.sub(r"[\s*·•]+", "", name or "")


def match_leader_name(
    jurisdiction: Jurisdiction, name: str, *, directory: DirectoryIndex | None = None
) -> Leader | None:
    """The active leader of ``jurisdiction`` with exactly this name (spaces and ``**`` ignored), else None."""
    index = directory or build_directory_index(jurisdiction)
    return index.leaders.get(_normalise_person_name(name))
