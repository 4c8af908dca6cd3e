"""The content-addressed file store: every 佐证材料 is kept once per content (“报过不再报”).

Progress reports cite files today; the registers will attach them too. Who may open a
file is decided by what cites it, in the layer that owns the citing rows.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def evidence_upload_to(instance, filename: str) -> str:
    # Content-addressed: the digest is the name, so a file is stored once.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}.{ext}"


class EvidenceFile(models.Model):
    """A 佐证材料 file of one jurisdiction, recorded once per content there (“报过不再报”).

    The bytes are stored once per content for the whole installation (the file name is the
    digest), but what a user sees of a file — its name, who uploaded it, that it exists at all —
    never crosses a jurisdiction: the same bytes uploaded in two counties are two rows.
    """

    jurisdiction = models.ForeignKey(
        "orgs.Jurisdiction", verbose_name=_("辖区"), null=True, related_name="evidence_files",
        on_delete=models.PROTECT,
    )
    sha256 = models.CharField(_("摘要"), max_length=64, db_index=True)
    file = models.FileField(_("文件"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("类型"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "sha256"], name="unique_evidence_per_jurisdiction"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def previewable(self) -> bool:
        """Whether pages offer 预览 for it: a PDF or an image by its recorded type. Serving it inline
        is decided again from the stored bytes (``fazhi.lib.sniff``)."""
        return self.content_type == "application/pdf" or self.content_type.startswith("image/")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
