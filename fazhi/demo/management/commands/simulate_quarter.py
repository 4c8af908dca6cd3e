"""`fazhi simulate_quarter`: move a fake clock over a quarter and print every task's colour.

Read-only: it judges the reports already in the database as they stood on each day
(only reports submitted/reviewed by that day count), so it can be run on the demo data.
"""

from collections import Counter
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from fazhi.plans.models import Plan
from fazhi.tracking.board import board_rows, goals_status, rules_for
from fazhi.workcal.calendar import current_calendar

SYMBOL = {"green": "绿", "yellow": "黄", "red": "红", "blue": "蓝", "grey": "灰"}


class Command(BaseCommand):
    help = "按假定日期逐步推进一个季度，输出每项任务和年度目标的状态颜色（只读）"

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, action="append", help="方案编号，可多次指定；默认全部方案")
        parser.add_argument("--start", default="2022-07-01", help="开始日期 YYYY-MM-DD")
        parser.add_argument("--days", type=int, default=92, help="推进天数")
        parser.add_argument("--step", type=int, default=7, help="每隔几天输出一次")

    def handle(self, *args, plan=None, start="2022-07-01", days=92, step=7, **options):
        try:
            first = date.fromisoformat(start)
        except ValueError:
            raise CommandError(f"--start 应为 YYYY-MM-DD 格式，收到“{start}”") from None
        plans = Plan.objects.filter(pk__in=plan) if plan else Plan.objects.all()
        calendar = current_calendar()
        for p in plans.select_related("jurisdiction"):
            self.stdout.write(f"== {p.jurisdiction.name} · {p.title}")
            rules = rules_for(p, calendar=calendar)
            for offset in range(0, days + 1, step):
                today = first + timedelta(days=offset)
                rows = board_rows(p, periods=[], today=today, calendar=calendar)
                tasks = " ".join(f"{r.task.seq}{SYMBOL[r.status.colour]}{'*' if r.status.was_overdue else ''}"
                                 for r in rows)
                goals = " ".join(f"{g.year or '-'}{SYMBOL[s.colour]}" for g, s in goals_status(p, today=today,
                                                                                              rules=rules))
                counts = Counter(r.status.colour for r in rows)
                summary = " ".join(f"{SYMBOL[c]}{counts[c]}" for c in SYMBOL if counts[c])
                self.stdout.write(f"{today}  {summary}  | 任务 {tasks}  | 目标 {goals}")
        self.stdout.write("（* 表示曾经逾期）")
