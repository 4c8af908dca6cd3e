"""Who may take which document out of fazhi. Every documents view asks here."""

from __future__ import annotations

from fazhi.plans.access import get_plan_for_user
from fazhi.plans.models import Plan


def get_plan_for_export(user, pk) -> Plan:
    """Any role that may see the plan may export it: the 台账 shows nothing the plan page does not."""
    return get_plan_for_user(user, pk)
