"""`fazhi remind`: send reminder digests (safe to run hourly from cron)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.tracking.reminders import reminders_run
from fazhi.workcal.calendar import current_calendar


class Command(BaseCommand):
    help = "向各单位发送待报送、逾期和被退回报告的提醒（每单位每渠道一份汇总；可每小时运行）"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只显示将要发送的内容，不发送也不记录")
        parser.add_argument("--today", help="假定今天是 YYYY-MM-DD（测试和演示用）")

    def handle(self, *args, dry_run=False, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today 应为 YYYY-MM-DD 格式，收到“{today}”") from None
        digests = reminders_run(today=day, calendar=current_calendar(), dry_run=dry_run)
        for d in digests:
            state = "将发送" if dry_run else ("已发送" if d.ok else f"发送失败（下次重试）：{d.error}")
            self.stdout.write(f"[{state}] {d.unit.name} → {d.channel}（{len(d.sent_keys)} 项新提醒）")
            if dry_run:
                self.stdout.write(d.text + "\n")
        if not digests:
            self.stdout.write("没有需要发送的提醒")
