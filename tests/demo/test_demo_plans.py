"""The issue's acceptance check on the real 濉溪县 seed, loaded by ``fazhi demo``.

One demo load for the whole module: loading takes a while, so every check runs in one test.
"""

import re

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fazhi.accounts.models import Profile
from fazhi.orgs.matching import normalise_unit_phrase
from fazhi.orgs.models import Unit, UnitGroup
from fazhi.plans.models import Plan
from fazhi.plans.parsing import Ledger
from fazhi.tracking.models import Period


def _expected_seqs(ledger: Ledger, unit: Unit) -> set[int]:
    """Tasks whose 牵头/配合 phrases name ``unit`` or a group it belongs to, read from the ledger itself."""
    names = {normalise_unit_phrase(n) for n in [unit.name, unit.full_name, *unit.aliases.values_list("text", flat=True)] if n}
    group_phrases = {normalise_unit_phrase(g.phrase) for g in UnitGroup.objects.filter(members=unit)}
    return {
        task.seq
        for task in ledger.tasks
        if any(normalise_unit_phrase(p) in names | group_phrases for p in [*task.lead_units, *task.co_units])
    }


def test_demo_loads_twice_and_the_sifaju_clerk_sees_exactly_its_tasks(db, client, settings, capsys):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.FAZHI_DEMO_PASSWORD = ""
    call_command("load_demo")
    out = capsys.readouterr().out
    # No published password: one is generated for this install and shown once.
    password = re.search(r"sifaju_suixi\s+(\S+)", out).group(1)
    assert "演示账号" in out and "密码只显示这一次" in out and len(password) >= 12
    assert "fazhi-demo-2024" not in out
    call_command("load_demo")  # idempotent; existing accounts keep their password, which is not shown again
    again = capsys.readouterr().out
    assert password not in again and "账号已存在" in again
    assert Plan.objects.count() == 2
    # Both seeds' 实施期 have ended; the demo extends 调度 to this year's end, so this month's
    # 调度 is there.
    today = timezone.localdate()
    for each in Plan.objects.all():
        assert each.period_end < today.year and each.cadence.tracking_end.isoformat() == f"{today.year}-12-31"
        assert Period.objects.filter(plan=each, kind="month", start=today.replace(day=1)).exists()
    assert client.login(username="sifaju_suixi", password=password)

    plan = Plan.objects.get(jurisdiction__name="濉溪县")
    profile = Profile.objects.select_related("unit", "user").get(user__username="sifaju_suixi")
    assert profile.unit.name == "县司法局"
    expected = _expected_seqs(Ledger.from_dict(plan.imported_ledger.ledger), profile.unit)
    direct = {t.seq for t in Ledger.from_dict(plan.imported_ledger.ledger).tasks if "县司法局" in [*t.lead_units, *t.co_units]}
    assert expected > direct, "the seed has tasks reaching 县司法局 only through a group phrase"

    client.force_login(profile.user)
    response = client.get(reverse("plans:my_tasks"))
    section = next(s for s in response.context["sections"] if s["plan"] == plan)
    seen = [t.seq for t in section["lead"]] + [t.seq for t in section["co"]]
    assert len(seen) == len(set(seen))
    assert set(seen) == expected

    # The ledger filtered by the unit agrees with 我的任务.
    response = client.get(reverse("plans:plan_ledger", args=[plan.pk]), {"unit": profile.unit.pk})
    assert {row["task"].seq for row in response.context["rows"] if "task" in row} == expected

    # The other county's clerk cannot open this plan.
    client.force_login(Profile.objects.get(user__username="sifaju_tunxi").user)
    assert client.get(reverse("plans:plan_ledger", args=[plan.pk])).status_code == 404

    # The demo's province and city have no office, so each county office keeps the work calendar:
    # the year-end entry of next year's holidays never waits for an administrator.
    client.force_login(Profile.objects.get(user__username="office_suixi").user)
    page = client.get(reverse("workcal:years")).content.decode()
    assert "您可以查看" not in page and "录入其他年份" in page
