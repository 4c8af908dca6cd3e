"""``fazhi demo``: the demo directories, both seed plans and demo accounts; safe to run again.

The demo accounts' password comes from FAZHI_DEMO_PASSWORD or is generated per run and printed
once: there is no published password that would open an install whose demo accounts were
never deleted.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

import fazhi
from fazhi.accounts.management.commands.createadmin import password_refusal
from fazhi.accounts.models import Profile, Role
from fazhi.demo.directory import demo_directory_load
from fazhi.orgs.models import Leader, Unit
from fazhi.plans.models import Plan, Responsibility
from fazhi.plans.parsing import parse_document
from fazhi.plans.services import duplicate_plan, plan_import
from fazhi.tracking.services import cadence_for, periods_awaiting_calendar, tracking_end_set, tracking_start

SEEDS_DIR = Path(fazhi.__file__).resolve().parent / "demo" / "seeds"
DEMO_PLANS = [
    ("濉溪县", "suixi-county-plan-2021-2025.txt"),
    ("屯溪区", "tunxi-district-action-plan-2022-2024.txt"),
]


@dataclass
class DemoAccount:
    username: str
    role: str
    jurisdiction: str | None
    unit: str = ""
    leader: str = ""
    note: str = ""


DEMO_ACCOUNTS = [
    DemoAccount("admin", Role.ADMIN, None, note="系统管理员"),
    DemoAccount("office_suixi", Role.OFFICE, "濉溪县", note="濉溪县依法治县办"),
    DemoAccount("office_tunxi", Role.OFFICE, "屯溪区", note="屯溪区依法治区办"),
    DemoAccount("sifaju_suixi", Role.CLERK, "濉溪县", unit="县司法局", note="县司法局填报员"),
    DemoAccount("sifaju_tunxi", Role.CLERK, "屯溪区", unit="区司法局", note="区司法局填报员"),
    DemoAccount("leader_qiancheng", Role.LEADER, "濉溪县", leader="钱程", note="县领导 钱程"),
]


class Command(BaseCommand):
    help = "载入演示数据：濉溪县、屯溪区的单位名录、两份方案和演示账号 / load the demo data"

    def handle(self, *args, **options):
        password = self._password()
        jurisdictions = {name: demo_directory_load(jurisdiction_name=name) for name, _seed in DEMO_PLANS}
        created_users = {}
        for account in DEMO_ACCOUNTS:
            created_users[account.username] = self._account(account, jurisdictions, password)
        for name, seed in DEMO_PLANS:
            office = get_user_model().objects.get(username=f"office_{'suixi' if name == '濉溪县' else 'tunxi'}")
            plan = self._plan(jurisdictions[name], SEEDS_DIR / seed, by=office)
            self._tracking(plan, by=office)
        self.stdout.write("")
        self.stdout.write("演示账号 / demo accounts:")
        for account in DEMO_ACCOUNTS:
            shown = password if created_users[account.username] else "（账号已存在，密码未改动 / unchanged）"
            self.stdout.write(f"  {account.username:<18} {shown:<20} {account.note}")
        if any(created_users.values()) and not settings.FAZHI_DEMO_PASSWORD:
            self.stdout.write("密码只显示这一次，请记下 / the password is shown this once")
        if not all(created_users.values()):
            self.stdout.write("忘记密码可用 / to reset a password: fazhi manage changepassword 用户名")
        self.stdout.write("正式使用前请删除演示账号（见 README“部署”）/ delete the demo accounts before real use "
                          "(README, Deployment)")

    def _password(self) -> str:
        password = settings.FAZHI_DEMO_PASSWORD
        if not password:
            return secrets.token_urlsafe(12)
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(f"FAZHI_DEMO_PASSWORD：{password_refusal(error)}") from error
        return password

    def _account(self, account: DemoAccount, jurisdictions, password: str) -> bool:
        """Create the account if missing; an existing one keeps its password. True when created."""
        User = get_user_model()
        jurisdiction = jurisdictions.get(account.jurisdiction) if account.jurisdiction else None
        unit = Unit.objects.get(jurisdiction=jurisdiction, name=account.unit) if account.unit else None
        leader = Leader.objects.get(jurisdiction=jurisdiction, name=account.leader) if account.leader else None
        with transaction.atomic():
            user = User.objects.filter(username=account.username).first()
            created = user is None
            if created:
                user = User.objects.create_user(username=account.username, password=password)
                if account.role == Role.ADMIN:
                    user.is_staff = user.is_superuser = True
                    user.save(update_fields=["is_staff", "is_superuser"])
            Profile.objects.update_or_create(
                user=user,
                defaults={"role": account.role, "jurisdiction": jurisdiction, "unit": unit, "leader": leader},
            )
        return created

    def _plan(self, jurisdiction, path: Path, *, by) -> Plan:
        data = path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        existing = duplicate_plan(jurisdiction=jurisdiction, source_sha256=sha256)
        if existing:
            self.stdout.write(f"{jurisdiction.name}：《{existing.title}》已导入 / already loaded")
            return existing
        plan = plan_import(
            jurisdiction=jurisdiction,
            ledger=parse_document(data, path.name),
            source_name=path.name,
            source_sha256=sha256,
            by=by,
        )
        unmatched = sorted(
            set(
                Responsibility.objects.filter(
                    task__plan=plan, unit__isnull=True, group__isnull=True, leader__isnull=True
                ).values_list("phrase", flat=True)
            )
        )
        self.stdout.write(f"{jurisdiction.name}：已导入《{plan.title}》，任务 {plan.tasks.count()} 项")
        if unmatched:
            self.stdout.write(f"  未对应的名称：{'、'.join(unmatched)}")
        return plan

    def _tracking(self, plan: Plan, *, by) -> None:
        today = timezone.localdate()
        # The seed plans were issued years ago; nobody reports retroactively, so the demo
        # runs 调度 from the start of the current quarter.
        # A rerun in a later quarter keeps the earlier start.
        quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        starts_on = min(cadence_for(plan).tracking_start or quarter_start, quarter_start)
        periods = tracking_start(plan=plan, by=by, starts_on=starts_on, today=today)
        if plan.period_end and plan.period_end < today.year:
            # The seeds' 实施期 have ended (濉溪 2025, 屯溪 2024), so no period would start
            # now; the demo extends 调度 to the end of this year, as an office would.
            periods = tracking_end_set(plan=plan, ends_on=date(today.year, 12, 31), by=by, today=today)
        self.stdout.write(f"  调度周期 {len(periods)} 个 / {len(periods)} reporting periods")
        provisional = periods_awaiting_calendar(plan=plan, through=today)
        if provisional:
            years = sorted({p.due_on.year for p in provisional})
            self.stdout.write(
                f"  其中 {len(provisional)} 个周期的截止日在 {'、'.join(map(str, years))} 年，暂按周一至周五推算，"
                "录入该年放假安排后自动更正 / "
                f"{len(provisional)} due dates are provisional until the holidays of {', '.join(map(str, years))} "
                "are entered"
            )
