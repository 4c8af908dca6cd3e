"""我的填报 as a list: which of a unit's cards (assignment × open period) the clerk sees by
default, the filters, and the counts. Plain functions over the cards ``home_cards`` built;
no query here.

The default view is the nearest due date still ahead (usually one period) plus whatever was
returned or is overdue, which never hides: a clerk with 40 tasks sees 40 rows, not 160 forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.lib.textnorm import parse_pk
from fazhi.tracking.models import ProgressReport

State = ProgressReport.State

# ?show=: the status filter. "" is the default view.
SHOW_CHOICES = [
    ("", _("本期")),
    ("all", _("全部")),
    ("overdue", _("只看逾期")),
    ("returned", _("只看退回")),
    ("due_soon", _("只看临期")),
    ("owed", _("待报送")),
]
SHOW_VALUES = {value for value, _label in SHOW_CHOICES}
# The parameters the home keeps across paging, opening a card, saving and submitting.
KEPT = ("unit", "plan", "period", "show", "page")


@dataclass(frozen=True)
class HomeFilters:
    plan_id: int | None = None
    period_id: int | None = None
    show: str = ""

    @classmethod
    def from_query(cls, query: QueryDict) -> HomeFilters:
        show = query.get("show", "")
        return cls(plan_id=parse_pk(query.get("plan")), period_id=parse_pk(query.get("period")),
                   show=show if show in SHOW_VALUES else "")


def kept_query(query: QueryDict, *, page: bool = True) -> str:
    """The home's own parameters of ``query``, url-encoded (nothing else is echoed back)."""
    kept = QueryDict(mutable=True)
    for name in KEPT:
        value = query.get(name)
        if value and (page or name != "page"):
            kept[name] = value
    return kept.urlencode()


def is_returned(card) -> bool:
    return card.report is not None and card.report.state == State.RETURNED


def is_owed(card) -> bool:
    """待报送: nothing submitted yet for the period (no report, a draft, or returned)."""
    return card.report is None or card.report.state in (State.DRAFT, State.RETURNED)


def nearest_due(cards, today: date) -> date | None:
    """The nearest due date not yet passed among the cards' periods."""
    return min((c.period.due_on for c in cards if c.period.due_on >= today), default=None)


def cards_shown(cards: list, filters: HomeFilters, today: date) -> list:
    """The cards the list shows under ``filters``, in the order given."""
    if filters.plan_id:
        cards = [c for c in cards if c.assignment.task.plan_id == filters.plan_id]
    if filters.period_id:
        cards = [c for c in cards if c.period.pk == filters.period_id]
    show = filters.show
    if show == "all":
        return cards
    if show == "overdue":
        return [c for c in cards if c.due == "overdue"]
    if show == "returned":
        return [c for c in cards if is_returned(c)]
    if show == "due_soon":
        return [c for c in cards if c.due == "due_soon"]
    if show == "owed":
        return [c for c in cards if is_owed(c)]
    nearest = nearest_due(cards, today)
    return [c for c in cards if c.due == "overdue" or is_returned(c) or c.period.due_on == nearest]


def home_counts(cards: list) -> dict[str, int]:
    """The figures at the top of the home, over every open period whatever the filters."""
    return {
        "returned": sum(1 for c in cards if is_returned(c)),
        "owed": sum(1 for c in cards if c.report is None or c.report.state == State.DRAFT),
        "overdue": sum(1 for c in cards if c.due == "overdue"),
        "due_soon": sum(1 for c in cards if c.due == "due_soon"),
    }


def period_choices(cards: list, *, with_plan: bool) -> list[tuple[int, str]]:
    """(period id, label) of the periods the cards belong to, by due date."""
    seen = {}
    for c in sorted(cards, key=lambda c: (c.period.due_on, c.period.start, c.period.kind)):
        if c.period.pk not in seen:
            label = period_title(c.period)
            seen[c.period.pk] = f"{c.assignment.task.plan.display_short_name} {label}" if with_plan else label
    return list(seen.items())


def period_title(period) -> str:
    """“2025年3月调度”, “2025年第1季度盘点”, “2025年度总结”."""
    suffix = {"month": gettext("调度"), "quarter": gettext("盘点")}.get(period.kind, gettext("总结"))
    return f"{period.label}{suffix}"
