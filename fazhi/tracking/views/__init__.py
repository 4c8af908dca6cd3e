"""Tracking screens, by who uses them: ``clerk`` (我的填报), ``evidence`` (佐证材料), ``office`` (调度看板,
a report's 审核), ``review`` (the review lists: the office's queue, the 牵头单位's 配合单位报告, batch 通过),
``preview`` (佐证材料 inline), ``leader`` (我牵头的任务), ``task`` (history)."""

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
    urge,
)
from fazhi.tracking.views.preview import evidence_preview
from fazhi.tracking.views.review import co_reports, reports_accept_batch, review_queue, review_route
from fazhi.tracking.views.task import task_history

__all__ = [
    "board", "co_reports", "evidence_cite", "evidence_detach", "evidence_download", "evidence_preview",
    "evidence_upload", "goal_assess_view", "leader_home", "measurement_add", "my_home", "report_accept",
    "report_carry_over", "report_copy_last", "report_edit", "report_return", "report_review", "report_save",
    "report_submit", "reports_accept_batch", "review_queue", "review_route", "task_history", "urge",
]
