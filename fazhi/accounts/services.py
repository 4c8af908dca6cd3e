"""The account write functions: the office's accounts of its units and leaders, one's own password,
unlocking, and the login record. Each validates, writes in one transaction and appends its audit event.

Generated passwords are returned to the caller to be shown once; only their hash is stored.
"""

import secrets
from dataclasses import dataclass

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.models import MANAGED_ROLES, Profile, Role
from fazhi.audit.services import event_record
from fazhi.orgs.models import Jurisdiction, Leader, Unit

# No 0/O, 1/l/I: an initial password is read off a screen or a printed sheet and typed in.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
LOGIN_ACTIONS = {
    "success": "accounts.login",
    "failed": "accounts.login_failed",
    "locked": "accounts.login_locked",
    "logout": "accounts.logout",
}


def initial_password() -> str:
    """A random password of three groups of four, e.g. “k7Pq-3mZx-9Rtb”, that passes the password rules."""
    while True:
        password = "-".join("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def username_problem(username: str, *, taken: set[str] | None = None) -> str | None:
    """Why ``username`` cannot be a new account's name, or None. ``taken``: lower-cased names already
    claimed in the same batch."""
    if not username:
        return _("没有填写账号")
    if len(username) > 150:
        return _("账号不能超过 150 个字符")
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        return _("账号只能包含字母、数字和 @ . + - _ 符号")
    if taken is not None and username.lower() in taken:
        return _("与表中另一行的账号重复")
    if get_user_model().objects.filter(username__iexact=username).exists():
        return _("账号“%(username)s”已被使用，请换一个") % {"username": username}
    return None


def _check_seat(*, jurisdiction: Jurisdiction, role: str, unit: Unit | None, leader: Leader | None) -> None:
    if role not in MANAGED_ROLES:
        raise ValidationError(_("依法治县办只能创建单位填报员和县领导账号"))
    if role == Role.CLERK and (unit is None or unit.jurisdiction_id != jurisdiction.pk or not unit.is_active):
        raise ValidationError(_("请选择本辖区一个启用中的单位"))
    if role == Role.LEADER and (leader is None or leader.jurisdiction_id != jurisdiction.pk):
        raise ValidationError(_("请选择本辖区的一位牵头领导"))


def _create(*, jurisdiction, role, username, name, phone, unit, leader, by, action, data=None):
    password = initial_password()
    user = get_user_model().objects.create_user(username=username, password=password, first_name=name)
    profile = Profile.objects.create(
        user=user, role=role, jurisdiction=jurisdiction, unit=unit if role == Role.CLERK else None,
        leader=leader if role == Role.LEADER else None, phone=phone, must_change_password=True)
    event_record(actor=by, action=action, target=profile, jurisdiction=jurisdiction, data={
        "username": username, "name": name, "role": role, "unit": unit.name if unit else "",
        "leader": leader.name if leader else "", **(data or {})})
    return user, password


def account_create(*, jurisdiction: Jurisdiction, role: str, username: str, name: str, phone: str = "",
                   unit: Unit | None = None, leader: Leader | None = None, by) -> tuple[object, str]:
    """A clerk (of ``unit``) or leader (``leader``'s seat) account of ``jurisdiction``; returns the user
    and its initial password, which must be changed at first login."""
    username = username.strip()
    if problem := username_problem(username):
        raise ValidationError(problem)
    _check_seat(jurisdiction=jurisdiction, role=role, unit=unit, leader=leader)
    with transaction.atomic():
        return _create(jurisdiction=jurisdiction, role=role, username=username, name=name.strip(),
                       phone=phone.strip(), unit=unit, leader=leader, by=by, action="accounts.account_create")


@dataclass
class ImportedAccount:
    row: int
    unit_name: str
    name: str
    phone: str
    username: str
    password: str


def accounts_import(*, jurisdiction: Jurisdiction, rows: list[dict], by) -> list[ImportedAccount]:
    """Clerk accounts from a previewed import (``fazhi.accounts.excel``): each row a dict with ``row``,
    ``unit_id``, ``name``, ``phone``, ``username``. Checked again (a name may have been taken since the
    preview); one problem and nothing is created."""
    units = {unit.pk: unit for unit in Unit.objects.filter(jurisdiction=jurisdiction, is_active=True)}
    taken: set[str] = set()
    problems = []
    for row in rows:
        if problem := username_problem(row["username"], taken=taken):
            problems.append(_("第 %(row)s 行：%(problem)s") % {"row": row["row"], "problem": problem})
        taken.add(row["username"].lower())
        if row["unit_id"] not in units:
            problems.append(_("第 %(row)s 行：单位已停用或不在本辖区") % {"row": row["row"]})
    if problems:
        raise ValidationError(problems)
    created = []
    with transaction.atomic():
        for row in rows:
            unit = units[row["unit_id"]]
            _user, password = _create(
                jurisdiction=jurisdiction, role=Role.CLERK, username=row["username"], name=row["name"],
                phone=row["phone"], unit=unit, leader=None, by=by, action="accounts.account_import",
                data={"row": row["row"]})
            created.append(ImportedAccount(row["row"], unit.name, row["name"], row["phone"], row["username"],
                                           password))
        event_record(actor=by, action="accounts.accounts_import", target=jurisdiction, jurisdiction=jurisdiction,
                     data={"created": len(created), "usernames": [account.username for account in created]})
    return created


def account_set_active(*, profile: Profile, active: bool, by) -> None:
    """Deactivate (the user can no longer sign in; history stays) or reactivate an account."""
    user = profile.user
    if user.is_active == active:
        return
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        event_record(actor=by, action="accounts.account_reactivate" if active else "accounts.account_deactivate",
                     target=profile, jurisdiction=profile.jurisdiction,
                     data={"before": {"is_active": not active}, "after": {"is_active": active}})


def account_password_reset(*, profile: Profile, by) -> str:
    """A new initial password for ``profile``'s user, to be changed at the next login; also unlocks it."""
    user = profile.user
    password = initial_password()
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        profile.must_change_password = True
        profile.save(update_fields=["must_change_password"])
        axes_reset(username=user.get_username())
        event_record(actor=by, action="accounts.password_reset", target=profile, jurisdiction=profile.jurisdiction)
    return password


def account_unlock(*, profile: Profile, by) -> int:
    """Forget the failed logins of ``profile``'s user name, ending a lockout; returns the rows removed."""
    with transaction.atomic():
        removed = axes_reset(username=profile.user.get_username())
        event_record(actor=by, action="accounts.account_unlock", target=profile, jurisdiction=profile.jurisdiction,
                     data={"attempts_removed": removed})
    return removed


def password_change(*, user, new_password: str) -> None:
    """The user's own new password (already validated by the form); ends the first-login obligation.
    The caller keeps the current session with ``update_session_auth_hash``; every other session of
    the user fails Django's session hash check at its next request and is signed out."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        profile = Profile.objects.filter(user=user).first()
        if profile is not None and profile.must_change_password:
            profile.must_change_password = False
            profile.save(update_fields=["must_change_password"])
        event_record(actor=user, action="accounts.password_change", target=profile or user,
                     jurisdiction=profile.jurisdiction if profile else None)


def locked_usernames(usernames) -> set[str]:
    """Which of ``usernames`` are locked out now (django-axes' failures within the cool-off time)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(AccessAttempt.objects.filter(
        username__in=list(usernames), failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=since).values_list("username", flat=True))


def login_event_record(*, result: str, username: str, address: str | None, user=None) -> None:
    """One line of the login record: a login, a failed or locked-out attempt, or a logout.
    A failed attempt under an existing user name is filed under that user's jurisdiction, so its
    office sees who is being tried; one under an unknown name has no jurisdiction (administrators)."""
    User = get_user_model()
    if user is None and username:
        user = User.objects.filter(username=username).first()
    profile = Profile.objects.filter(user=user).select_related("jurisdiction").first() if user else None
    event_record(
        actor=user if result in ("success", "logout") else None,
        action=LOGIN_ACTIONS[result],
        target=profile or user,
        target_type="auth.user",
        target_label=username[:150],
        jurisdiction=profile.jurisdiction if profile else None,
        data={"username": username[:150], "address": address or "", "result": result},
    )
