"""Load the demo directory of 濉溪县 or 屯溪区 (data in ``fazhi.demo.directories``).

Only what is missing is created, through the ordinary write functions; existing units,
aliases and groups are left as they are, so loading twice changes nothing and a person's
later edits to a demo directory survive a reload.
"""

from django.db import transaction

from fazhi.demo.directories import DIRECTORIES
from fazhi.orgs import services
from fazhi.orgs.models import Jurisdiction, Leader, Unit, UnitAlias, UnitGroup


def demo_directory_names() -> list[str]:
    return list(DIRECTORIES)


def _jurisdiction_get_or_create(*, name, level, parent=None, short_name="", code="") -> Jurisdiction:
    existing = Jurisdiction.objects.filter(name=name, parent=parent).first()
    if existing is None and parent is not None:
        # A jurisdiction created earlier without its parent (e.g. by hand) is still the same place.
        candidates = list(Jurisdiction.objects.filter(name=name))
        existing = candidates[0] if len(candidates) == 1 else None
    if existing:
        return existing
    return services.jurisdiction_create(
        name=name, level=level, parent=parent, short_name=short_name, code=code, by=None
    )


@transaction.atomic
def demo_directory_load(*, jurisdiction_name: str) -> Jurisdiction:
    """Create the demo directory of ``jurisdiction_name`` (“濉溪县” or “屯溪区”) where missing."""
    try:
        data = DIRECTORIES[jurisdiction_name]
    except KeyError:
        raise ValueError(
            f"No demo directory for {jurisdiction_name!r}; choose one of {list(DIRECTORIES)}"
        ) from None
    province = _jurisdiction_get_or_create(level=Jurisdiction.Level.PROVINCE, **data.PROVINCE)
    city = _jurisdiction_get_or_create(level=Jurisdiction.Level.CITY, parent=province, **data.CITY)
    county = _jurisdiction_get_or_create(level=Jurisdiction.Level.COUNTY, parent=city, **data.JURISDICTION)

    units = {unit.name: unit for unit in Unit.objects.filter(jurisdiction=county)}
    aliases = set(UnitAlias.objects.filter(jurisdiction=county).values_list("text", flat=True))
    for rows, is_sample in ((data.UNITS, False), (data.SAMPLE_UNITS, True)):
        for name, full_name, kind, unit_aliases in rows:
            if name not in units:
                units[name] = services.unit_create(
                    jurisdiction=county,
                    name=name,
                    full_name=full_name,
                    kind=kind,
                    is_sample=is_sample,
                    by=None,
                )
            for text in unit_aliases:
                if text not in aliases and text not in units:
                    services.unit_alias_add(unit=units[name], text=text, by=None)
                    aliases.add(text)

    leaders = set(Leader.objects.filter(jurisdiction=county).values_list("name", flat=True))
    for name in data.LEADERS:
        if name not in leaders:
            services.leader_create(jurisdiction=county, name=name, by=None)

    groups = set(UnitGroup.objects.filter(jurisdiction=county).values_list("phrase", flat=True))
    for spec in data.GROUPS:
        if spec["phrase"] in groups:
            continue
        members = [unit for unit in units.values() if unit.kind in spec["kinds"] and unit.is_active]
        members.sort(key=lambda unit: (unit.sort_order, unit.pk))
        services.group_create(
            jurisdiction=county,
            phrase=spec["phrase"],
            members=members,
            note=spec["note"],
            is_sample=True,
            by=None,
        )
    return county
