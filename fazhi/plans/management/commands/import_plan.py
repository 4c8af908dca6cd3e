"""``fazhi import FILE --jurisdiction NAME [--json]``: parse a plan document and store it."""

import hashlib
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fazhi.accounts.access import SYSTEM
from fazhi.orgs.models import Jurisdiction
from fazhi.plans.parsing import DocumentReadError, parse_document
from fazhi.plans.services import plan_import, plan_preview
from fazhi.tracking.services import tracking_start


def _fail(message_zh: str, message_en: str) -> CommandError:
    return CommandError(f"{message_zh} / {message_en}", returncode=2)


def jurisdiction_named(name: str) -> Jurisdiction:
    matches = list(Jurisdiction.objects.filter(name=name.strip()))
    if not matches:
        raise _fail(
            f"辖区“{name}”不存在，请先在单位名录中建立，或运行 fazhi demo 载入演示辖区",
            f"no jurisdiction named {name!r}; create it first or run `fazhi demo`",
        )
    if len(matches) > 1:
        raise _fail(f"有多个名为“{name}”的辖区，请在管理后台改名以区分", f"several jurisdictions are named {name!r}")
    return matches[0]


class Command(BaseCommand):
    help = "解析实施方案并存入数据库 / parse a plan document and store it as a plan of a jurisdiction"

    def add_arguments(self, parser):
        parser.add_argument("file", help=".docx / .pdf / .txt")
        parser.add_argument("--jurisdiction", required=True, help="辖区名称，如“濉溪县” / jurisdiction name")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出摘要 / print the summary as JSON")

    def handle(self, *args, file, jurisdiction, json=False, **options):
        place = jurisdiction_named(jurisdiction)
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise _fail(f"无法读取文件“{file}”：{error.strerror}，请检查路径", f"cannot read {file}: {error.strerror}") from None
        try:
            ledger = parse_document(data, path.name)
        except DocumentReadError as error:
            raise _fail(error.message_zh, error.message_en) from None
        sha256 = hashlib.sha256(data).hexdigest()
        preview = plan_preview(jurisdiction=place, ledger=ledger)
        try:
            with transaction.atomic():
                plan = plan_import(jurisdiction=place, ledger=ledger, source_name=path.name, source_sha256=sha256,
                                   by=SYSTEM)
                tracking_start(plan=plan, by=SYSTEM)
        except ValidationError as error:
            english = "this file was imported before" if error.code == "duplicate" else "the plan was not stored"
            raise _fail("；".join(error.messages), english) from None
        self._summary(plan, preview, as_json=json)

    def _summary(self, plan, preview, *, as_json: bool):
        unmatched = [{"phrase": row.phrase, "kind": row.kind, "tasks": row.task_seqs} for row in preview.unmatched]
        if as_json:
            summary = {"plan_id": plan.pk, "title": plan.title, "jurisdiction": plan.jurisdiction.name,
                       "counts": preview.counts, "unmatched": unmatched}
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        counts = preview.counts
        self.stdout.write(f"已导入《{plan.title}》（编号 {plan.pk}）/ imported plan {plan.pk}")
        self.stdout.write(
            f"  任务 {counts['tasks']} 项，章节 {counts['headings']}，完成时限 {counts['deadlines']}，"
            f"量化指标 {counts['targets']}，未解析的行 {counts['unparsed']}"
        )
        if unmatched:
            self.stdout.write(f"  未对应到单位名录的名称 {len(unmatched)} 个 / unmatched phrases:")
            for row in unmatched:
                tasks = "、".join(str(seq) for seq in row["tasks"][:10])
                self.stdout.write(f"    {row['phrase']}（任务 {tasks}）")
            self.stdout.write("  请在单位名录中补充单位或别名 / add them to the unit directory")
        else:
            self.stdout.write("  所有名称均已对应到单位名录 / every phrase matched the directory")
