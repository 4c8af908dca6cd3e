"""Plans pages: the upload flow and 台账 re-import (依法治县办 only) and the ledger pages every role reads."""

from fazhi.plans.views.ledger_edits import ledger_import, ledger_import_apply, ledger_import_draft
from fazhi.plans.views.ledger_pages import leaders, ledger, my_tasks, plan_leaders, plan_ledger, task_detail
from fazhi.plans.views.revisions import (
    plan_delete_view,
    plan_manage,
    revision_detail,
    revision_list,
    task_add_view,
    task_edit,
    task_merge_view,
    task_remove,
    task_split_view,
)
from fazhi.plans.views.upload import confirm, preview, review_task, upload

__all__ = [
    "confirm", "leaders", "ledger", "ledger_import", "ledger_import_apply", "ledger_import_draft", "my_tasks",
    "plan_delete_view", "plan_leaders", "plan_ledger", "plan_manage", "preview", "review_task", "revision_detail",
    "revision_list",
    "task_add_view", "task_detail", "task_edit", "task_merge_view", "task_remove", "task_split_view", "upload",
]
