"""Write functions of the tracking loop, one per use case. Views call exactly one of them."""

from fazhi.files.store import EvidenceRejected
from fazhi.tracking.services.assignments import assignments_follow
from fazhi.tracking.services.evidence import evidence_attach, evidence_cite, evidence_detach
from fazhi.tracking.services.goals import goal_assess
from fazhi.tracking.services.measurements import measurement_record, measurements_latest
from fazhi.tracking.services.periods import (
    cadence_for,
    cadence_settings_save,
    cadence_update,
    calendar_year_publish,
    period_close,
    period_lock,
    period_open,
    periods_awaiting_calendar,
    periods_generate,
    tracking_end_set,
    tracking_start,
)
from fazhi.tracking.services.reports import (
    BatchOutcome,
    ReportConflict,
    progress_report_accept,
    progress_report_carry_over,
    progress_report_copy_last,
    progress_report_return,
    progress_report_save_draft,
    progress_report_submit,
    progress_reports_accept_batch,
)

__all__ = [
    "BatchOutcome",
    "EvidenceRejected",
    "ReportConflict",
    "assignments_follow",
    "cadence_for",
    "cadence_settings_save",
    "cadence_update",
    "calendar_year_publish",
    "evidence_attach",
    "evidence_cite",
    "evidence_detach",
    "goal_assess",
    "measurement_record",
    "measurements_latest",
    "period_close",
    "period_lock",
    "period_open",
    "periods_awaiting_calendar",
    "periods_generate",
    "progress_report_accept",
    "progress_report_carry_over",
    "progress_report_copy_last",
    "progress_report_return",
    "progress_report_save_draft",
    "progress_report_submit",
    "progress_reports_accept_batch",
    "tracking_end_set",
    "tracking_start",
]
