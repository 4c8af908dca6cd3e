"""`fazhi remind`: bring assignments in line with the ledger and directory, generate the periods
that have begun, then send reminder digests (safe to run hourly from cron)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.accounts.access import SYSTEM
from fazhi.tracking.leader_digest import leader_digests_run
from fazhi.tracking.models import Period
from fazhi.tracking.reminders import reminders_run
from fazhi.tracking.services import assignments_follow, periods_generate
from fazhi.tracking.services.assignments import tracked_plans
from fazhi.tracking.services.periods import periods_confirmable, periods_missing, periods_snapshot_missing
from fazhi.workcal.calendar import current_calendar


class Command(BaseCommand):
    help = ("同步任务分工，生成已开始的报送周期，并向各单位发送待报送、逾期和被退回报告的提醒（每单位每渠道一份汇总；"
            "可每小时运行）；每周（FAZHI_DIGEST_WEEKDAY）向县领导发送一次牵头任务周报")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只显示将要生成的周期和发送的内容，不写入也不发送")
        parser.add_argument("--today", help="假定今天是 YYYY-MM-DD（测试和演示用）")

    def handle(self, *args, dry_run=False, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today 应为 YYYY-MM-DD 格式，收到“{today}”") from None
        if not dry_run:
            # The safety net behind the screens: a unit deactivated or a group edited by any path
            # (including the admin) stops or starts getting cards and reminders within the hour.
            followed = assignments_follow(by=SYSTEM)
            if followed.created or followed.updated or followed.deactivated:
                self.stdout.write(f"[已同步] 任务分工：新增 {followed.created}，更新 {followed.updated}，"
                                  f"停止 {followed.deactivated}")
        self._periods(day, dry_run=dry_run)
        if not dry_run:
            for snapshot in periods_snapshot_missing(today=day, by=SYSTEM):
                self.stdout.write(f"[已冻结] {snapshot.period}：补做截止时的红黄绿灯快照")
        digests = reminders_run(today=day, calendar=current_calendar(), dry_run=dry_run)
        for d in digests:
            state = "将发送" if dry_run else ("已发送" if d.ok else f"发送失败（下次重试）：{d.error}")
            self.stdout.write(f"[{state}] {d.unit.name} → {d.channel}（{len(d.sent_keys)} 项新提醒）")
            if dry_run:
                self.stdout.write(d.text + "\n")
        if not digests:
            self.stdout.write("没有需要发送的提醒")
        self._leader_digests(day, dry_run=dry_run)

    def _leader_digests(self, day: date, *, dry_run: bool) -> None:
        """县领导周报, once per leader and week from the configured weekday (fazhi.tracking.leader_digest)."""
        for week in leader_digests_run(today=day, dry_run=dry_run):
            if dry_run:
                self.stdout.write(f"[将发送] 县领导周报 → {week.leader.name}（{week.user.get_username()}）")
                self.stdout.write(week.text + "\n")
                continue
            row = week.row
            mail = "无邮箱" if not row.email else ("邮件已发送" if row.email_ok else f"邮件发送失败（下次重试）：{row.email_error}")
            self.stdout.write(f"[已发送] 县领导周报 {week.week} → {week.leader.name}（站内通知；{mail}）")

    def _periods(self, day: date, *, dry_run: bool) -> None:
        """Next month's 调度 appears by itself: every tracked plan (one with a cadence) gets the
        periods begun by ``day``, and provisional due dates are confirmed once the calendar
        knows their year. Nothing starts after a plan's tracking end (its 实施期 or the office's
        调度截止日期; ``periods_missing``), and a plan imported after its 实施期 is not tracked at
        all until the office extends it. A system action, audited without an actor."""
        for plan in tracked_plans():
            missing = periods_missing(plan=plan, through=day)
            confirmable = periods_confirmable(plan=plan)
            if not missing and not confirmable:
                continue
            if not dry_run:
                periods_generate(plan=plan, through=day, by=SYSTEM)
            if missing:
                state = "将生成" if dry_run else "已生成"
                labels = "、".join(
                    f"{Period(kind=s.kind, start=s.start).label}（{s.due_on:%Y-%m-%d}前报送"
                    f"{'，暂定' if s.due_on_provisional else ''}）" for s in missing
                )
                self.stdout.write(f"[{state}] 《{plan.title}》报送周期：{labels}")
            if confirmable:
                state = "将确定" if dry_run else "已确定"
                labels = "、".join(f"{p.label}（{p.due_on:%Y-%m-%d} → {due_on:%Y-%m-%d}）" for p, due_on in confirmable)
                self.stdout.write(f"[{state}] 《{plan.title}》暂定截止日：{labels}")
