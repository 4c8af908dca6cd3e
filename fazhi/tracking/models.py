"""The tracking loop: who reports on which task for which period, the reports, their
佐证材料, the review workflow, and the reminders sent about them.

Writes go through ``fazhi.tracking.services``; colours are computed in
``fazhi.tracking.judgement`` and stored only as a ``PeriodSnapshot`` when a period is
closed or locked.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ReportingCadence(models.Model):
    """How often a plan's units report, and the thresholds its colours use.

    Defaults follow the 濉溪 practice: monthly 调度 and quarterly 盘点 due on the 5th
    working day after the period ends, the yearly summary due on 15 January.
    """

    class PerennialKind(models.TextChoices):
        MONTH = "month", _("按月")
        QUARTER = "quarter", _("按季度")
        YEAR = "year", _("按年度")

    plan = models.OneToOneField("plans.Plan", related_name="cadence", on_delete=models.CASCADE)
    tracking_start = models.DateField(
        _("开始调度日期"), null=True, blank=True,
        help_text=_("从哪天起生成报送周期、判断状态；不填则为方案印发日期"),
    )
    tracking_end = models.DateField(
        _("调度截止日期"), null=True, blank=True,
        help_text=_("此日后开始的报送周期不再生成；不填则为方案实施期最后一年的12月31日"),
    )
    monthly = models.BooleanField(_("月度调度"), default=True)
    monthly_due_workdays = models.PositiveSmallIntegerField(_("月度报送时限（月末后第几个工作日）"), default=5)
    quarterly = models.BooleanField(_("季度盘点"), default=True)
    quarterly_due_workdays = models.PositiveSmallIntegerField(_("季度报送时限（季末后第几个工作日）"), default=5)
    quarter_replaces_month = models.BooleanField(
        _("季度盘点代替季末月度调度"), default=True,
        help_text=_("季末月（3、6、9、12月）只报季度盘点一份，不再另报当月调度"),
    )
    yearly = models.BooleanField(_("年度总结"), default=True)
    yearly_due_month = models.PositiveSmallIntegerField(_("年度总结报送月"), default=1)
    yearly_due_day = models.PositiveSmallIntegerField(_("年度总结报送日"), default=15)
    perennial_kind = models.CharField(
        _("长期任务按何周期考核"), max_length=10, choices=PerennialKind.choices, default=PerennialKind.QUARTER,
        help_text=_("“长期坚持”和未写时限的任务，每个此类周期都需有经审核通过、附佐证材料的报告"),
    )
    due_soon_workdays = models.PositiveSmallIntegerField(_("临期提醒（工作日）"), default=10)
    co_reports_to_office = models.BooleanField(
        _("配合单位报告也报依法治县办审核"), default=False,
        help_text=_("不勾选时，配合单位的报告由牵头单位审核，依法治县办只审核牵头单位的汇总报告"),
    )
    behind_threshold = models.PositiveSmallIntegerField(
        _("滞后阈值（百分点）"), default=30, help_text=_("填报进度低于序时进度超过此值即为黄色")
    )

    class Meta:
        verbose_name = _("报送周期设置")
        verbose_name_plural = _("报送周期设置")

    def __str__(self) -> str:
        return f"{self.plan}"


class Period(models.Model):
    """A reporting period of a plan: 月度调度, 季度盘点 or 年度总结."""

    class Kind(models.TextChoices):
        MONTH = "month", _("月度")
        QUARTER = "quarter", _("季度")
        YEAR = "year", _("年度")

    class State(models.TextChoices):
        OPEN = "open", _("填报中")
        CLOSED = "closed", _("已截止")
        LOCKED = "locked", _("已锁定")

    plan = models.ForeignKey("plans.Plan", related_name="periods", on_delete=models.CASCADE)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    due_on = models.DateField(_("报送截止日"))
    due_on_provisional = models.BooleanField(
        _("截止日暂定"), default=False,
        help_text=_("截止日所在年份的放假安排尚未录入，暂按周一至周五计算；录入后自动重算"),
    )
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("锁定人"), null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("报送周期")
        verbose_name_plural = _("报送周期")
        ordering = ["plan", "start", "kind"]
        constraints = [models.UniqueConstraint(fields=["plan", "kind", "start"], name="unique_period")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == self.Kind.MONTH:
            return gettext("%(year)s年%(month)s月") % {"year": self.start.year, "month": self.start.month}
        if self.kind == self.Kind.QUARTER:
            return gettext("%(year)s年第%(quarter)s季度") % {
                "year": self.start.year, "quarter": (self.start.month - 1) // 3 + 1}
        return gettext("%(year)s年度") % {"year": self.start.year}

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.OPEN


def canonical_json(payload: dict) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class PeriodSnapshot(models.Model):
    """The colours of a period frozen when it was closed or locked, with the rules and report
    facts they were judged on, so that 考核 and 通报 can be reproduced. Rows are only
    appended (``period_snapshot_take``): reopening a period keeps them, a second close or the
    lock adds another; the board shows a closed period from its latest one.

    ``sha256`` is the digest of the payload's canonical JSON; the close/lock audit event carries it.
    """

    class Reason(models.TextChoices):
        CLOSE = "close", _("关闭")
        LOCK = "lock", _("锁定")
        # What a period locked before snapshots existed kept (its reports as text), not colours.
        LEGACY = "legacy", _("升级前的锁定记录")

    period = models.ForeignKey(Period, related_name="snapshots", on_delete=models.CASCADE)
    reason = models.CharField(_("原因"), max_length=10, choices=Reason.choices)
    payload = models.JSONField(_("快照内容"))
    sha256 = models.CharField(_("摘要"), max_length=64)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, related_name="+",
                           on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("周期快照")
        verbose_name_plural = _("周期快照")
        ordering = ["period", "-id"]

    def __str__(self) -> str:
        return f"{self.period} · {self.get_reason_display()} · {self.sha256[:12]}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("period snapshots are append-only")
        super().save(*args, **kwargs)

    @staticmethod
    def digest(payload: dict) -> str:
        return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


class Assignment(models.Model):
    """One unit's share of one task: as 牵头单位 (lead) or 配合单位 (co).

    Built by ``assignments_follow`` from the ledger, group phrases resolved to member
    units. A unit named both ways keeps the lead role. ``is_active`` turns false when
    the ledger no longer names the unit, so its past reports stay readable.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头单位")
        CO = "co", _("配合单位")

    task = models.ForeignKey("plans.Task", related_name="assignments", on_delete=models.CASCADE)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("单位"), related_name="assignments", on_delete=models.PROTECT)
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    responsibility = models.ForeignKey(
        "plans.Responsibility", null=True, blank=True, related_name="assignments", on_delete=models.SET_NULL
    )
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("任务分工")
        verbose_name_plural = _("任务分工")
        ordering = ["task", "role", "unit"]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="unique_assignment")]

    def __str__(self) -> str:
        return f"{self.task.seq}·{self.unit}（{self.get_role_display()}）"

    @property
    def is_lead(self) -> bool:
        return self.role == self.Role.LEAD


class ProgressReport(models.Model):
    """A unit's report on one task for one period.

    For a 配合单位 it reports its own part; for the 牵头单位 it is the consolidated
    report of the task (``is_consolidated``), written after reading the co-units' ones.
    ``version`` grows on every write; writers pass the version they read and the
    update only happens ``WHERE version = expected`` (optimistic concurrency).
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("未启动")
        IN_PROGRESS = "in_progress", _("推进中")
        DONE = "done", _("已完成")
        UNABLE = "unable", _("无法完成")

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已报送")
        ACCEPTED = "accepted", _("已通过")
        RETURNED = "returned", _("已退回")

    assignment = models.ForeignKey(Assignment, related_name="reports", on_delete=models.PROTECT)
    period = models.ForeignKey(Period, related_name="reports", on_delete=models.PROTECT)
    is_consolidated = models.BooleanField(_("牵头单位汇总报告"), default=False)
    status = models.CharField(_("进展"), max_length=15, choices=Status.choices, default=Status.IN_PROGRESS)
    unable_reason = models.TextField(_("无法完成的原因"), blank=True)
    narrative = models.TextField(_("工作进展"), blank=True)
    actions_done = models.JSONField(
        _("已采取的措施"), default=list, blank=True,
        help_text=_("列表，每项 {date: 'YYYY-MM-DD', doc_number: 文号, text: 会议纪要或措施}"),
    )
    next_steps = models.TextField(_("下一步计划"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )
    is_late = models.BooleanField(_("逾期报送"), default=False)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    written_by_outsider = models.BooleanField(
        _("依法治县办代填"), default=False,
        help_text=_("单位以外的人（代填报的依法治县办）写过或改过报告内容；一旦为真不再改回"),
    )

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["period", "assignment"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period"], name="unique_report_per_period"),
            models.CheckConstraint(
                condition=models.Q(percent__isnull=True) | models.Q(percent__lte=100), name="report_percent_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} {self.period}"

    @property
    def latest_measurements(self) -> list:
        """The latest actual value of each 量化指标 recorded on this report, in the targets' order
        (one query); what a reviewer reads."""
        latest = {}
        for m in self.measurements.select_related("target", "evidence").order_by("id"):
            latest[m.target_id] = m
        return sorted(latest.values(), key=lambda m: (m.target.position, m.target_id))

    @property
    def version_history(self):
        """The saved versions of the content, newest first, with their writers (one query)."""
        return self.versions.select_related("by").order_by("-number", "-id")


class ReportVersion(models.Model):
    """One saved state of a report's content, appended by the report services on every write
    that changes it, so that what each writer wrote stays readable after others change it.
    ``number`` is the report's ``version`` after that write. ``by_outsider``: the writer was not
    of the reporting unit (代填报). Rows are only appended; ``by`` is empty for the content
    reports had when the history began.
    """

    report = models.ForeignKey(ProgressReport, related_name="versions", on_delete=models.CASCADE)
    number = models.PositiveIntegerField(_("版本"))
    status = models.CharField(_("进展"), max_length=15, choices=ProgressReport.Status.choices)
    unable_reason = models.TextField(_("无法完成的原因"), blank=True)
    narrative = models.TextField(_("工作进展"), blank=True)
    actions_done = models.JSONField(_("已采取的措施"), default=list, blank=True)
    next_steps = models.TextField(_("下一步计划"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填写人"), null=True, blank=True,
                           related_name="+", on_delete=models.SET_NULL)
    by_outsider = models.BooleanField(_("单位以外的人填写"), default=False)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("报告版本")
        verbose_name_plural = _("报告版本")
        ordering = ["report", "number", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_report_version")]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("report versions are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("report versions are append-only")


class ReportTransition(models.Model):
    """One step of a report through the workflow; rows are only inserted."""

    report = models.ForeignKey(ProgressReport, related_name="transitions", on_delete=models.CASCADE)
    from_state = models.CharField(_("原状态"), max_length=10, blank=True)
    to_state = models.CharField(_("新状态"), max_length=10)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("报告流转记录")
        verbose_name_plural = _("报告流转记录")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return f"{self.from_state or '-'} → {self.to_state}"


class ReportEvidence(models.Model):
    report = models.ForeignKey(ProgressReport, related_name="evidence_links", on_delete=models.CASCADE)
    evidence = models.ForeignKey("files.EvidenceFile", related_name="report_links", on_delete=models.PROTECT)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("报告佐证材料")
        verbose_name_plural = _("报告佐证材料")
        ordering = ["report", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "evidence"], name="unique_report_evidence")]

    def __str__(self) -> str:
        return f"{self.report} · {self.evidence}"


class Measurement(models.Model):
    """The actual value of a 量化指标 (``plans.Target``) as a unit reported it with a progress
    report: “已公开 36 件，截至 2025-03-31”. Rows are only appended
    (``measurement_record``); the latest for a (report, target) is the one the report shows and
    the indicators read (``measurements_latest``), the earlier ones stay as its history."""

    report = models.ForeignKey(ProgressReport, related_name="measurements", on_delete=models.CASCADE)
    target = models.ForeignKey("plans.Target", related_name="measurements", on_delete=models.PROTECT)
    value = models.DecimalField(_("实际值"), max_digits=14, decimal_places=4)
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    as_of = models.DateField(_("截至日期"))
    evidence = models.ForeignKey("files.EvidenceFile", verbose_name=_("佐证材料"), null=True, blank=True,
                                 related_name="measurements", on_delete=models.PROTECT)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填写人"), null=True, related_name="+",
                           on_delete=models.SET_NULL)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("指标实际值")
        verbose_name_plural = _("指标实际值")
        ordering = ["report", "target", "-id"]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.value} {self.unit}（{self.as_of}）"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("measurements are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("measurements are append-only")

    @property
    def value_text(self) -> str:
        """The value without trailing zeros: 36, 98.5."""
        text = format(self.value.normalize(), "f")
        return text


class GoalAssessment(models.Model):
    """The 依法治县办's judgement that a plan goal was (not) achieved; the latest row counts."""

    goal = models.ForeignKey("plans.Goal", related_name="assessments", on_delete=models.CASCADE)
    achieved = models.BooleanField(_("已实现"))
    note = models.TextField(_("说明"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("目标评估")
        verbose_name_plural = _("目标评估")
        ordering = ["goal", "-at", "-id"]

    def __str__(self) -> str:
        return f"{self.goal}: {self.achieved}"


class ReminderSent(models.Model):
    """The ledger that makes reminders idempotent: one row per (unit, key, channel).

    ``ok=False`` rows record a failed attempt; the next run retries them.
    """

    unit = models.ForeignKey("orgs.Unit", related_name="reminders", on_delete=models.CASCADE)
    key = models.CharField(_("提醒键"), max_length=200)
    channel = models.CharField(_("渠道"), max_length=300, help_text=_("如 email:a@b.cn 或 dingtalk:12"))
    ok = models.BooleanField(_("已发送"), default=False)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    error = models.TextField(_("错误"), blank=True)
    body = models.TextField(_("内容"), blank=True)
    sent_at = models.DateTimeField(_("时间"), auto_now=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["unit", "key", "channel"], name="unique_reminder")]

    def __str__(self) -> str:
        return f"{self.unit} {self.key} {self.channel}"


class LeaderDigest(models.Model):
    """The ledger that makes the 县领导 weekly digest idempotent: one row per leader account and
    ISO week, written with its in-app notice. ``lights`` (task id → colour) is what the digest
    said, so next week's can tell which tasks turned red; ``email_ok`` is None while the e-mail
    waits for the commit (or when there is no address), then True or False with ``email_error``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("县领导"), related_name="leader_digests",
                             on_delete=models.CASCADE)
    week = models.CharField(_("周"), max_length=10, help_text=_("ISO 周，如 2026-W49"))
    notice = models.ForeignKey("notify.Notice", verbose_name=_("站内通知"), null=True, blank=True, related_name="+",
                               on_delete=models.SET_NULL)
    lights = models.JSONField(_("各任务进展灯"), default=dict)
    body = models.TextField(_("内容"), blank=True)
    email = models.CharField(_("邮箱"), max_length=254, blank=True)
    email_ok = models.BooleanField(_("邮件已发送"), null=True, blank=True)
    email_error = models.TextField(_("邮件错误"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("邮件尝试次数"), default=0)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("县领导周报")
        verbose_name_plural = _("县领导周报")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="unique_leader_digest_week")]

    def __str__(self) -> str:
        return f"{self.user} {self.week}"
