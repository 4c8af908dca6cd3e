"""``fazhi check``: list 佐证材料 records whose stored file is missing; exit status 1 if any."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.files.models import EvidenceFile
from fazhi.files.store import evidence_missing


class Command(BaseCommand):
    help = "检查佐证材料文件是否都在存储中，列出缺失的文件（有缺失时退出码为 1）"

    def handle(self, *args, **options):
        records = EvidenceFile.objects.select_related("jurisdiction", "uploaded_by").order_by("pk")
        checked = 0
        missing = []
        for chunk_start in range(0, records.count(), 500):
            chunk = list(records[chunk_start:chunk_start + 500])
            checked += len(chunk)
            missing += evidence_missing(chunk)
        for evidence in missing:
            self.stdout.write(
                f"缺失 / missing: #{evidence.pk} {evidence.jurisdiction or '-'} “{evidence.original_name}” "
                f"{evidence.file.name} (上传人 {evidence.uploaded_by or '-'}，{evidence.uploaded_at:%Y-%m-%d})")
        self.stdout.write(f"已检查 {checked} 个佐证材料，缺失 {len(missing)} 个 / checked {checked}, missing {len(missing)}")
        if missing:
            raise CommandError("有佐证材料的文件缺失，请从备份恢复媒体目录，或请上传单位重新上传 / files are missing")
