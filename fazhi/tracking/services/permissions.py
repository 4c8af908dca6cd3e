"""Who may run the tracking write functions of a plan: its 依法治县办, or the operator's commands."""

from fazhi.accounts.access import SYSTEM, require_office
from fazhi.plans.models import Plan


def require_plan_office(user, plan: Plan) -> None:
    if user is SYSTEM:
        return
    require_office(user, jurisdiction=plan.jurisdiction_id)
