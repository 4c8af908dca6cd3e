"""What the reports app stores: an uploaded 台账 waiting for the office to confirm its changes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
