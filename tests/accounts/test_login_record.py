"""Every login, failed login and logout is an audit event; repeated failures lock the account or the address."""

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.audit.models import Event
from tests.factories import PASSWORD, ClerkFactory, JurisdictionFactory, OfficeFactory, UnitFactory


def _login(client, username, password, address="10.1.2.3"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_a_login_and_a_logout_are_recorded_with_time_and_address(client, personas):
    assert _login(client, "lead_clerk", PASSWORD).status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR="10.1.2.3")
    login, logout = Event.objects.filter(action__in=["accounts.login", "accounts.logout"]).order_by("id")
    assert (login.action, login.actor, login.jurisdiction, login.target_label) == (
        "accounts.login", personas.lead_clerk, personas.jurisdiction, "lead_clerk")
    assert login.data == {"username": "lead_clerk", "address": "10.1.2.3", "result": "success"}
    assert login.at is not None
    assert (logout.action, logout.actor, logout.data["address"]) == ("accounts.logout", personas.lead_clerk, "10.1.2.3")


def test_a_failed_login_records_the_name_tried_and_the_address(client, personas):
    response = _login(client, "lead_clerk", "not-the-password", address="10.9.9.9")
    assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()
    event = Event.objects.get(action="accounts.login_failed")
    assert event.actor is None and event.jurisdiction == personas.jurisdiction
    assert event.data == {"username": "lead_clerk", "address": "10.9.9.9", "result": "failed"}


def test_a_failed_login_under_an_unknown_name_is_kept_for_administrators(client, personas):
    _login(client, "nobody_here", "whatever-pass")
    event = Event.objects.get(action="accounts.login_failed")
    assert (event.jurisdiction, event.target_label, event.target_id) == (None, "nobody_here", "")


def test_the_eleventh_wrong_password_is_refused_with_the_lockout_message(personas):
    client = Client()
    for _ in range(9):
        assert _login(client, "lead_clerk", "wrong-password").status_code == 200
    # The tenth failure locks the account and says so; the eleventh is refused with the same page.
    assert _login(client, "lead_clerk", "wrong-password").status_code == 429
    response = _login(client, "lead_clerk", "wrong-password")
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录已暂时锁定" in page and "连续 10 次密码错误" in page and "请 30 分钟后再试" in page
    assert 'id="address-locked"' not in page and "在“账号管理”中提前解除锁定" in page
    # Even the right password is refused now, from another address too: the account is locked.
    assert _login(Client(), "lead_clerk", PASSWORD, address="10.7.7.7").status_code == 429
    assert Event.objects.filter(action="accounts.login_failed").count() == 10
    assert Event.objects.filter(action="accounts.login_locked").count() == 2
    assert not Event.objects.filter(action="accounts.login").exists()


def test_the_limit_and_the_lockout_time_come_from_the_settings(personas, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.FAZHI_LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        _login(client, "co_clerk", "wrong-password")
    assert _login(client, "co_clerk", PASSWORD).status_code == 429
    assert _login(client, "lead_clerk", PASSWORD, address="10.5.5.5").status_code == 302  # others unaffected


def test_an_address_trying_many_accounts_is_locked(personas, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for name in ("lead_clerk", "co_clerk", "outsider_clerk"):
        _login(client, name, "wrong-password", address="10.6.6.6")
    locked = _login(client, "leader", PASSWORD, address="10.6.6.6")
    assert locked.status_code == 429
    # The page says it is the address, not the account, and that 账号管理 cannot help.
    page = locked.content.decode()
    assert 'id="address-locked"' in page and "从您所在的网络地址（10.6.6.6）连续 3 次登录失败" in page
    assert "您的账号本身没有被锁定" in page and "账号管理" not in page.split('id="address-locked"')[1]
    assert _login(Client(), "leader", PASSWORD, address="10.6.6.7").status_code == 302


def test_a_login_resets_the_count_of_failures(personas, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(2):
        _login(client, "lead_clerk", "wrong-password")
    assert _login(client, "lead_clerk", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(2):
        _login(client, "lead_clerk", "wrong-password")
    assert _login(client, "lead_clerk", PASSWORD).status_code == 302


def test_the_office_unlocks_an_account_and_it_is_audited(client, personas, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        _login(Client(), "lead_clerk", "wrong-password", address="10.8.8.8")
    client.force_login(personas.office)
    page = client.get(reverse("accounts:list")).content.decode()
    assert "已锁定" in page and "解除锁定" in page
    response = client.post(reverse("accounts:action", args=[personas.lead_clerk.profile.pk, "unlock"]))
    assert response["Location"] == reverse("accounts:list")
    assert _login(Client(), "lead_clerk", PASSWORD, address="10.8.8.9").status_code == 302
    event = Event.objects.get(action="accounts.account_unlock")
    assert event.actor == personas.office and event.jurisdiction == personas.jurisdiction


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, personas, settings):
    settings.FAZHI_TRUST_X_FORWARDED_FOR = True
    client.post(reverse("login"), {"username": "lead_clerk", "password": "wrong-password"},
                REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.4")
    assert Event.objects.get(action="accounts.login_failed").data["address"] == "10.0.0.4"


# --- the office's login record page -------------------------------------------------------------------


def test_the_office_sees_its_own_jurisdictions_login_record_with_filters(client, personas):
    other_county = JurisdictionFactory(name="杜集区", short_name="区")
    ClerkFactory(username="duji_clerk", unit=UnitFactory(jurisdiction=other_county))
    _login(Client(), "lead_clerk", PASSWORD)
    _login(Client(), "co_clerk", "wrong-password")
    _login(Client(), "duji_clerk", PASSWORD)
    client.force_login(personas.office)
    page = client.get(reverse("accounts:login_record")).content.decode()
    assert "lead_clerk" in page and "co_clerk" in page and "duji_clerk" not in page
    assert "密码错误或账号不存在" in page and "10.1.2.3" in page
    failed_only = client.get(reverse("accounts:login_record"), {"result": "failed"}).content.decode()
    assert "co_clerk" in failed_only and "lead_clerk" not in failed_only
    by_name = client.get(reverse("accounts:login_record"), {"username": "lead"}).content.decode()
    assert "lead_clerk" in by_name and "co_clerk" not in by_name
    future = client.get(reverse("accounts:login_record"), {"since": "2999-01-01"}).content.decode()
    assert "没有符合条件的记录" in future
    bad = client.get(reverse("accounts:login_record"), {"since": "昨天"}).content.decode()
    assert "日期“昨天”无法识别" in bad


def test_a_city_office_reads_its_counties_login_record(client, personas):
    city = JurisdictionFactory(city=True)
    personas.jurisdiction.parent = city
    personas.jurisdiction.save()
    city_office = OfficeFactory(jurisdiction=city)
    _login(Client(), "lead_clerk", PASSWORD)
    client.force_login(city_office)
    assert "lead_clerk" in client.get(reverse("accounts:login_record")).content.decode()


@pytest.mark.parametrize("persona", ["lead_clerk", "leader_user"])
def test_clerks_and_leaders_have_no_login_record(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("accounts:login_record")).status_code == 403


def test_the_login_record_costs_a_fixed_number_of_queries(client, personas, django_assert_max_num_queries):
    for _ in range(30):
        _login(Client(), "co_clerk", "wrong-password", address="10.3.3.3")
    client.force_login(personas.office)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("accounts:login_record")).status_code == 200
