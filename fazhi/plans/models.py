"""A plan stored from the importer's ledger: headings, goals, tasks and who owes what by when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.plans.naming import plan_short_name


class Plan(models.Model):
    jurisdiction = models.ForeignKey(
        "orgs.Jurisdiction", verbose_name=_("辖区"), related_name="plans", on_delete=models.PROTECT
    )
    title = models.TextField(_("方案名称"))
    short_name = models.CharField(
        _("方案简称"), max_length=40, blank=True,
        help_text=_("列表和卡片上区分方案用，如“濉溪·法治政府2021–2025”；不填则由辖区、标题和年度自动生成"),
    )
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    issuers = models.JSONField(_("印发机关"), default=list, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    period_start = models.PositiveSmallIntegerField(_("起始年度"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("终止年度"), null=True, blank=True)
    source_name = models.CharField(_("源文件名"), max_length=255, blank=True)
    source_sha256 = models.CharField(_("源文件摘要"), max_length=64, blank=True)
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # A yearly 工作要点 belongs to the multi-year 实施方案 it carries out.
    parent = models.ForeignKey(
        "self", verbose_name=_("所属实施方案"), null=True, blank=True, related_name="children",
        on_delete=models.SET_NULL,
    )
    # An archived plan is read-only and gets no more 调度 periods (``tracked_plans`` leaves it out).
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("实施方案")
        verbose_name_plural = _("实施方案")
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "source_sha256"],
                condition=~models.Q(source_sha256=""),
                name="unique_plan_source_per_jurisdiction",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_short_name(self) -> str:
        """The office's ``short_name``, else one derived from the jurisdiction, title and years
        (``fazhi.plans.naming.plan_short_name``); reads ``jurisdiction``, so select it."""
        if self.short_name:
            return self.short_name
        return plan_short_name(title=self.title, jurisdiction_name=self.jurisdiction.name,
                               period_start=self.period_start, period_end=self.period_end)


class ImportedLedger(models.Model):
    """The ledger exactly as the importer read the document, kept apart from ``Plan`` so that
    no page that lists plans, tasks or reports ever loads it (it grows with the plan)."""

    plan = models.OneToOneField(Plan, primary_key=True, related_name="imported_ledger", on_delete=models.CASCADE)
    ledger = models.JSONField(_("导入时的台账"), default=dict)

    class Meta:
        verbose_name = _("导入时的台账")
        verbose_name_plural = _("导入时的台账")

    def __str__(self) -> str:
        return str(self.plan)


class Heading(models.Model):
    plan = models.ForeignKey(Plan, related_name="headings", on_delete=models.CASCADE)
    key = models.CharField(_("编号"), max_length=40, help_text=_("导入台账中的标题 id"))
    parent = models.ForeignKey("self", null=True, blank=True, related_name="children", on_delete=models.CASCADE)
    level = models.PositiveSmallIntegerField(_("层级"))
    number = models.CharField(_("序号"), max_length=20, blank=True)
    title = models.TextField(_("标题"))
    position = models.PositiveIntegerField(_("顺序"))
    line = models.PositiveIntegerField(_("行号"), null=True, blank=True)

    class Meta:
        verbose_name = _("章节")
        verbose_name_plural = _("章节")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="unique_heading_key")]

    def __str__(self) -> str:
        return f"{self.number}{self.title}"


class Goal(models.Model):
    """A dated milestone of the plan as a whole; not assigned to units."""

    plan = models.ForeignKey(Plan, related_name="goals", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    text = models.TextField(_("目标"))
    position = models.PositiveIntegerField(_("顺序"))
    line = models.PositiveIntegerField(_("行号"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.year or ''} {self.text[:40]}"


class Task(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("执行中")
        # Kept with its reports for the record; nobody is asked about it any more.
        CANCELLED = "cancelled", _("已取消")

    plan = models.ForeignKey(Plan, related_name="tasks", on_delete=models.CASCADE)
    heading = models.ForeignKey(
        Heading, verbose_name=_("章节"), null=True, blank=True, related_name="tasks", on_delete=models.SET_NULL
    )
    seq = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("条目号"), max_length=20, blank=True)
    text = models.TextField(_("任务内容"))
    annotation = models.TextField(_("责任分工原文"), blank=True)
    line_start = models.PositiveIntegerField(null=True, blank=True)
    line_end = models.PositiveIntegerField(null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.ACTIVE)
    # Set when the task was cancelled because it was merged into another one.
    merged_into = models.ForeignKey(
        "self", verbose_name=_("并入任务"), null=True, blank=True, related_name="merged_from",
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["plan", "seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="unique_task_seq")]

    def __str__(self) -> str:
        return f"{self.seq}. {self.text[:40]}"


class PlanRevision(models.Model):
    """One change of a plan's content, numbered per plan: revision 1 is the import.

    ``summary`` says what changed, task by task, in the shape ``fazhi.plans.services.revisions``
    writes: ``{"tasks": [{"op": "added"|"changed"|"removed"|"cancelled"|"restored"|"split"|"merged",
    "seq", "text", "before", "after", ...}], "plan": {...}}``; before/after hold the 台账 fields
    that changed, as the 台账 shows them.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("实施方案"), related_name="revisions", on_delete=models.CASCADE)
    number = models.PositiveIntegerField(_("修订号"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修订人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("修订时间"), default=timezone.now)
    reason = models.TextField(_("修订原因"))
    summary = models.JSONField(_("修订内容"), default=dict)

    class Meta:
        verbose_name = _("方案修订")
        verbose_name_plural = _("方案修订")
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_revision_number")]

    def __str__(self) -> str:
        return f"{self.plan} #{self.number}"


class Responsibility(models.Model):
    """Who answers for a task: a 牵头领导, a 牵头单位 or a 配合单位.

    ``phrase`` keeps what the plan wrote; ``unit``, ``group`` or ``leader`` is what
    it was mapped to in the directory (at most one of them; none while unmatched).
    """

    class Role(models.TextChoices):
        LEAD_LEADER = "leader", _("牵头领导")
        LEAD = "lead", _("牵头单位")
        CO = "co", _("配合单位")

    task = models.ForeignKey(Task, related_name="responsibilities", on_delete=models.CASCADE)
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    phrase = models.TextField(_("原文"))
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("单位"), null=True, blank=True, related_name="responsibilities",
        on_delete=models.PROTECT,
    )
    group = models.ForeignKey(
        "orgs.UnitGroup", verbose_name=_("单位组"), null=True, blank=True, related_name="responsibilities",
        on_delete=models.PROTECT,
    )
    leader = models.ForeignKey(
        "orgs.Leader", verbose_name=_("领导"), null=True, blank=True, related_name="responsibilities",
        on_delete=models.PROTECT,
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("责任分工")
        verbose_name_plural = _("责任分工")
        ordering = ["task", "role", "position"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(unit__isnull=True, group__isnull=True)
                    | models.Q(unit__isnull=True, leader__isnull=True)
                    | models.Q(group__isnull=True, leader__isnull=True)
                ),
                name="responsibility_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}：{self.phrase}"


class Deadline(models.Model):
    class Kind(models.TextChoices):
        BY = "by", _("限期完成")
        FROM = "from", _("起始")
        EVERY = "every", _("周期性")
        ONGOING = "ongoing", _("长期坚持")

    class Period(models.TextChoices):
        YEAR = "year", _("每年")
        HALF = "half", _("每半年")
        QUARTER = "quarter", _("每季度")
        MONTH = "month", _("每月")
        WEEK = "week", _("每周")

    task = models.ForeignKey(Task, related_name="deadlines", on_delete=models.CASCADE)
    text = models.TextField(_("时限原文"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    due_on = models.DateField(_("日期"), null=True, blank=True)
    period = models.CharField(_("周期"), max_length=10, choices=Period.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("完成时限")
        verbose_name_plural = _("完成时限")
        ordering = ["task", "position"]

    def __str__(self) -> str:
        return self.text


class Target(models.Model):
    """A quantitative target of a task or of a goal (exactly one of them)."""

    task = models.ForeignKey(Task, null=True, blank=True, related_name="targets", on_delete=models.CASCADE)
    goal = models.ForeignKey(Goal, null=True, blank=True, related_name="targets", on_delete=models.CASCADE)
    text = models.TextField(_("指标原文"))
    subject = models.TextField(_("指标"), blank=True)
    comparator = models.CharField(_("比较"), max_length=2, default=">=")
    value = models.DecimalField(_("目标值"), max_digits=12, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=20)
    per = models.CharField(_("计量口径"), max_length=30, blank=True)
    due_on = models.DateField(_("期限"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("量化指标")
        verbose_name_plural = _("量化指标")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(task__isnull=False, goal__isnull=True) | models.Q(task__isnull=True, goal__isnull=False),
                name="target_task_xor_goal",
            )
        ]

    def __str__(self) -> str:
        return self.text


class PendingImport(models.Model):
    """An uploaded plan waiting for the office to check the preview and confirm it.

    The parsed ledger is kept here rather than in the session, which is too small
    for a plan of a hundred tasks. ``plan`` is set once confirmed, so a second
    click on 确认导入 finds the plan instead of importing again.
    """

    jurisdiction = models.ForeignKey(
        "orgs.Jurisdiction", verbose_name=_("辖区"), related_name="pending_imports", on_delete=models.CASCADE
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    source_name = models.CharField(_("源文件名"), max_length=255)
    sha256 = models.CharField(_("源文件摘要"), max_length=64)
    ledger = models.JSONField(_("解析结果"))
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    plan = models.ForeignKey(
        Plan, verbose_name=_("导入后的方案"), null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("待确认的导入")
        verbose_name_plural = _("待确认的导入")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.source_name


class LedgerImportDraft(models.Model):
    """An edited Excel 台账 between upload and 确认导入.

    The bytes and the diff shown in the preview are kept here rather than in the
    session, which is too small for a workbook; applying uses exactly the diff
    the office looked at.
    """

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("实施方案"), related_name="ledger_import_drafts", on_delete=models.CASCADE
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    source_name = models.CharField(_("文件名"), max_length=255)
    data = models.BinaryField(_("文件内容"))
    diff = models.JSONField(_("与方案的差异"))
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待确认的台账导入")
        verbose_name_plural = _("待确认的台账导入")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.source_name
