"""Tracking screens, by who uses them: ``clerk`` (我的填报), ``evidence`` (佐证材料), ``office`` (调度看板, 审核), ``leader``
(我牵头的任务), ``task`` (history)."""

from fazhi.tracking.views.clerk import (
    measurement_add,
    my_home,
    report_carry_over,
    report_copy_last,
    report_edit,
    report_save,
    report_submit,
)
from fazhi.tracking.views.evidence import evidence_cite, evidence_detach, evidence_download, evidence_upload
from fazhi.tracking.views.leader import leader_home
from fazhi.tracking.views.office import (
    board,
    goal_assess_view,
    report_accept,
    report_return,
    report_review,
    review_queue,
    urge,
)
from fazhi.tracking.views.task import task_history

__all__ = [
    "board", "evidence_cite", "evidence_detach", "evidence_download", "evidence_upload", "goal_assess_view",
    "leader_home", "measurement_add", "my_home", "report_accept", "report_carry_over", "report_copy_last",
    "report_edit", "report_return", "report_review", "report_save", "report_submit",
    "review_queue", "task_history", "urge",
]
