"""Demo accounts exist only after `fazhi demo`, with a password nobody published."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.demo.management.commands.load_demo import DEMO_ACCOUNTS
from fazhi.plans.models import Plan


def test_a_fresh_database_has_no_account_at_all(db):
    """No migration creates a user: the demo accounts come from `fazhi demo` only."""
    assert not get_user_model().objects.exists()


def test_the_demo_password_can_come_from_the_environment(db, settings, capsys):
    settings.FAZHI_DEMO_PASSWORD = "濉溪-demo-口令-2025"
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "濉溪-demo-口令-2025" in out and "密码只显示这一次" not in out
    assert "请删除演示账号" in out
    for account in DEMO_ACCOUNTS:
        assert authenticate(username=account.username, password="濉溪-demo-口令-2025"), account.username
    assert authenticate(username="admin", password="fazhi-demo-2024") is None


def test_a_weak_demo_password_is_refused_before_anything_is_loaded(db, settings):
    settings.FAZHI_DEMO_PASSWORD = "12345678"
    with pytest.raises(CommandError, match="FAZHI_DEMO_PASSWORD：密码不符合要求：少于 10 位"):
        call_command("load_demo")
    assert not get_user_model().objects.exists() and not Plan.objects.exists()
