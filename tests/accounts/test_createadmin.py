"""`fazhi createadmin` holds the administrator's password to the project's rules."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.accounts.models import Role


@pytest.mark.parametrize("password, reason", [
    ("12345678", "少于 10 位"),
    ("1234567890123", "全是数字"),
    ("qwertyuiop", "是常见密码"),
    ("zhangsan2024", "与用户名或姓名过于相似"),
])
def test_a_weak_password_is_refused_in_chinese_and_no_account_is_made(db, password, reason):
    with pytest.raises(CommandError, match=reason) as refusal:
        call_command("createadmin", "zhangsan2024", password=password)
    assert "请换一个至少 10 位" in str(refusal.value)
    assert not get_user_model().objects.filter(username="zhangsan2024").exists()


def test_every_reason_is_given_at_once(db):
    with pytest.raises(CommandError, match="少于 10 位、是常见密码、全是数字"):
        call_command("createadmin", "admin", password="12345678")


def test_a_strong_password_makes_a_system_administrator(db, capsys):
    call_command("createadmin", "admin", password="濉溪县法治-办公室-7")
    user = authenticate(username="admin", password="濉溪县法治-办公室-7")
    assert user is not None and user.is_superuser and user.profile.role == Role.ADMIN
    assert "已创建系统管理员 admin" in capsys.readouterr().out


def test_an_existing_user_name_is_refused(db):
    call_command("createadmin", "admin", password="濉溪县法治-办公室-7")
    with pytest.raises(CommandError, match="已存在"):
        call_command("createadmin", "admin", password="另一个足够长的密码-8")
