"""Write functions of the plans app, one per use case; the only code that writes a plan's ledger."""

from fazhi.plans.services.imports import (
    PhraseDecision,
    PhraseRow,
    PlanPreview,
    duplicate_plan,
    pending_import_confirm,
    pending_import_create,
    plan_import,
    plan_preview,
    similar_plans,
)
from fazhi.plans.services.ledger_edits import (
    ledger_import_apply,
    ledger_import_draft_apply,
    ledger_import_draft_create,
)

__all__ = [
    "PhraseDecision",
    "PhraseRow",
    "PlanPreview",
    "duplicate_plan",
    "ledger_import_apply",
    "ledger_import_draft_apply",
    "ledger_import_draft_create",
    "pending_import_confirm",
    "pending_import_create",
    "plan_import",
    "plan_preview",
    "similar_plans",
]
