"""The password rules (in Chinese), one's own password change, and the forced change at first login."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from fazhi.accounts.services import account_create, initial_password
from fazhi.audit.models import Event
from tests.factories import PASSWORD

User = get_user_model()


def _refusals(password: str, username: str = "sifaju_suixi") -> list[str]:
    with translation.override("zh-hans"):
        try:
            validate_password(password, user=User(username=username))
        except ValidationError as error:
            return error.messages
    return []


@pytest.mark.parametrize(("password", "reason"), [
    ("Ab3-xyz", "密码太短，至少需要 10 个字符"),
    ("k7Pq3mZx9", "密码太短，至少需要 10 个字符"),
    ("sifaju_suixi", "密码不能包含用户名"),
    ("SIFAJU_SUIXI", "密码不能包含用户名"),
    ("sifaju_suixi2024", "密码不能包含用户名"),
    ("Sifaju.Suixi!!", "密码不能包含用户名"),
    ("my-sifajusuixi-pw", "密码不能包含用户名"),
    ("1qaz2wsx3edc", "这是常见密码，很容易被猜中，请换一个"),
    ("fazhi123456", "这是常见密码，很容易被猜中，请换一个"),
    ("fazhi-demo-2024", "这是常见密码，很容易被猜中，请换一个"),
    ("Password123", "这是常见密码，很容易被猜中，请换一个"),
    ("qwertyuiop", "这是常见密码，很容易被猜中，请换一个"),  # Django's own list
    ("1234567890", "密码不能全是数字"),
    ("3141592653589", "密码不能全是数字"),
])
def test_a_weak_password_is_refused_with_a_chinese_reason(password, reason):
    assert reason in _refusals(password)


def test_short_common_numeric_passwords_get_every_reason():
    assert _refusals("12345678") == ["密码太短，至少需要 10 个字符", "这是常见密码，很容易被猜中，请换一个",
                                     "密码不能全是数字"]


@pytest.mark.parametrize("password", ["法治政府建设2026年", "k7Pq-3mZx-9Rtb", "suixi-river-lantern"])
def test_a_reasonable_password_passes(password):
    assert _refusals(password) == []


def test_generated_initial_passwords_pass_the_rules():
    for _ in range(50):
        password = initial_password()
        assert len(password) == 14 and _refusals(password) == []


def test_createadmin_still_names_the_reasons():
    from fazhi.accounts.management.commands.createadmin import password_refusal

    with pytest.raises(ValidationError) as error:
        validate_password("admin", user=User(username="admin"))
    assert "少于 10 位" in password_refusal(error.value) and "与用户名或姓名过于相似" in password_refusal(error.value)


# --- changing one's own password ------------------------------------------------------------------


def test_every_page_shows_the_change_password_link(client, personas):
    client.force_login(personas.lead_clerk)
    page = client.get(reverse("web:home"), follow=True).content.decode()
    assert f'href="{reverse("accounts:password_change")}"' in page and "修改密码" in page


def test_a_user_changes_the_password_and_other_sessions_end(personas):
    here, elsewhere = Client(), Client()
    assert here.login(username="lead_clerk", password=PASSWORD)
    assert elsewhere.login(username="lead_clerk", password=PASSWORD)
    response = here.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "river-lantern-42", "new_password2": "river-lantern-42"})
    assert response.status_code == 302
    personas.lead_clerk.refresh_from_db()
    assert personas.lead_clerk.check_password("river-lantern-42")
    assert here.get(reverse("tracking:my_home")).status_code == 200  # this session kept
    assert elsewhere.get(reverse("tracking:my_home"))["Location"].startswith(reverse("login"))  # the other one ended
    assert Event.objects.filter(action="accounts.password_change", actor=personas.lead_clerk).count() == 1


@pytest.mark.parametrize(("old", "new1", "new2", "message"), [
    ("wrong-password", "river-lantern-42", "river-lantern-42", "当前密码不正确，请重新输入"),
    (PASSWORD, "river-lantern-42", "river-lantern-43", "两次输入的新密码不一致"),
    (PASSWORD, "lead_clerk-2026", "lead_clerk-2026", "密码不能包含用户名"),
    (PASSWORD, "short1", "short1", "密码太短，至少需要 10 个字符"),
    (PASSWORD, "1qaz2wsx3edc", "1qaz2wsx3edc", "这是常见密码"),
])
def test_a_refused_change_says_why_in_chinese_and_keeps_the_old_password(client, personas, old, new1, new2, message):
    client.force_login(personas.lead_clerk)
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": old, "new_password1": new1, "new_password2": new2})
    assert response.status_code == 200
    assert message in response.content.decode()
    personas.lead_clerk.refresh_from_db()
    assert personas.lead_clerk.check_password(PASSWORD)


# --- the forced change at first login ------------------------------------------------------------


def test_a_new_account_must_change_its_password_before_anything_else(client, personas):
    user, password = account_create(jurisdiction=personas.jurisdiction, role="clerk", username="sifaju_wang",
                                    name="王五", unit=personas.lead_unit, by=personas.office)
    assert user.profile.must_change_password
    response = client.post(reverse("login"), {"username": "sifaju_wang", "password": password})
    assert response.status_code == 302
    for url in (reverse("web:home"), reverse("tracking:my_home"), reverse("plans:ledger")):
        assert client.get(url)["Location"] == reverse("accounts:password_change")
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "首次登录或密码已被重置" in page
    response = client.post(reverse("accounts:password_change"), {
        "old_password": password, "new_password1": "huaihe-spring-88", "new_password2": "huaihe-spring-88"})
    assert response["Location"] == reverse("web:home")
    user.profile.refresh_from_db()
    assert not user.profile.must_change_password
    assert client.get(reverse("tracking:my_home")).status_code == 200


def test_the_new_password_must_differ_from_the_initial_one(client, personas):
    user, password = account_create(jurisdiction=personas.jurisdiction, role="clerk", username="sifaju_li",
                                    name="李四", unit=personas.lead_unit, by=personas.office)
    client.force_login(user)
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": password, "new_password1": password, "new_password2": password})
    assert "新密码不能与当前密码相同" in response.content.decode()


def test_an_htmx_request_of_a_user_who_must_change_is_sent_to_the_page(client, personas):
    user, _password = account_create(jurisdiction=personas.jurisdiction, role="clerk", username="sifaju_qian",
                                     name="钱八", unit=personas.lead_unit, by=personas.office)
    client.force_login(user)
    response = client.get(reverse("web:todo"), HTTP_HX_REQUEST="true")
    assert (response.status_code, response["HX-Redirect"]) == (204, reverse("accounts:password_change"))


def test_a_user_who_must_change_may_still_sign_out(client, personas):
    user, _password = account_create(jurisdiction=personas.jurisdiction, role="clerk", username="sifaju_zhao",
                                     name="赵六", unit=personas.lead_unit, by=personas.office)
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
