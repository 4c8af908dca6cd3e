"""Account screens: one's own password; the office's clerk and leader accounts (list, create, import,
deactivate/reactivate, reset password, unlock) and its login record."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.accounts import services
from fazhi.accounts.access import (
    actor_for,
    get_accounts_jurisdiction_for_user,
    get_profile_for_user,
    require_office,
)
from fazhi.accounts.backends import client_address
from fazhi.accounts.excel import accounts_import_preview, accounts_template_xlsx, credentials_xlsx
from fazhi.accounts.forms import AccountCreateForm, AccountImportForm, PasswordChangeForm
from fazhi.accounts.models import MANAGED_ROLES, Profile, Role
from fazhi.audit.filters import day_bound, parse_day
from fazhi.audit.models import Event
from fazhi.orgs.models import Jurisdiction, Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_SESSION_KEY = "fazhi_account_import"
CREDENTIALS_SESSION_KEY = "fazhi_account_credentials"
CREDENTIALS_SALT = "fazhi.accounts.credentials"
CREDENTIALS_MAX_AGE = 3600
PAGE_SIZE = 50


def _list_url(jurisdiction, actor) -> str:
    url = reverse("accounts:list")
    return url if jurisdiction.pk == actor.jurisdiction_id else f"{url}?jurisdiction={jurisdiction.pk}"


# ---------------------------------------------------------------- signing in and one's own password


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login of a locked-out account or address (AXES_LOCKOUT_CALLABLE).
    Says which: an account the office can unlock in 账号管理, or the address, which locks out
    everyone behind it (the office too, on a shared network) until the cool-off ends."""
    username = str((credentials or {}).get("username") or request.POST.get("username") or "").strip()
    return render(request, "registration/locked_out.html", {
        "account_locked": bool(username) and bool(services.locked_usernames([username])),
        "address": client_address(request),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }, status=429)


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_change(user=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, _("密码已修改。您在其他设备上的登录已失效，需要用新密码重新登录"))
        return redirect("web:home")
    return render(request, "accounts/password_change.html",
                  {"form": form, "forced": actor_for(request.user).must_change_password})


# ---------------------------------------------------------------- the office's accounts


@login_required
def account_list(request):
    actor, jurisdiction = get_accounts_jurisdiction_for_user(request.user, request.GET.get("jurisdiction"))
    profiles = (Profile.objects.filter(jurisdiction=jurisdiction, role__in=MANAGED_ROLES)
                .select_related("user", "unit", "leader").order_by("role", "unit__name", "user__username"))
    q = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    unit = request.GET.get("unit", "")
    state = request.GET.get("state", "")
    if q:
        profiles = profiles.filter(Q(user__username__icontains=q) | Q(user__first_name__icontains=q)
                                   | Q(phone__icontains=q))
    if role in MANAGED_ROLES:
        profiles = profiles.filter(role=role)
    if unit.isdigit():
        profiles = profiles.filter(unit_id=int(unit))
    if state == "active":
        profiles = profiles.filter(user__is_active=True)
    elif state == "inactive":
        profiles = profiles.filter(user__is_active=False)
    elif state == "must_change":
        profiles = profiles.filter(must_change_password=True)
    profiles = list(profiles)
    locked = services.locked_usernames(p.user.username for p in profiles)
    if state == "locked":
        profiles = [p for p in profiles if p.user.username in locked]
    for profile in profiles:
        profile.is_locked = profile.user.username in locked
    context = {
        "jurisdiction": jurisdiction,
        "may_edit": actor.may_act(jurisdiction),
        "profiles": profiles,
        "units": Unit.objects.filter(jurisdiction=jurisdiction, is_active=True),
        "filters": {"q": q, "role": role, "unit": unit, "state": state},
        "roles": [(Role.CLERK, Role.CLERK.label), (Role.LEADER, Role.LEADER.label)],
        "query": "" if jurisdiction.pk == actor.jurisdiction_id else f"?jurisdiction={jurisdiction.pk}",
        "children": Jurisdiction.objects.filter(parent=jurisdiction),
    }
    return render(request, "accounts/list.html", context)


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def account_create(request):
    actor, jurisdiction = get_accounts_jurisdiction_for_user(request.user, request.GET.get("jurisdiction"),
                                                             write=True)
    form = AccountCreateForm(request.POST or None, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = services.account_create(
                jurisdiction=jurisdiction, role=data["role"], username=data["username"], name=data["name"],
                phone=data["phone"], unit=data["unit"], leader=data["leader"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "accounts/password_shown.html", {
                "jurisdiction": jurisdiction, "account_user": user, "password": password, "created": True,
                "back_url": _list_url(jurisdiction, actor)})
    return render(request, "accounts/create.html", {"jurisdiction": jurisdiction, "form": form,
                                                    "back_url": _list_url(jurisdiction, actor)})


ACTIONS = ("deactivate", "reactivate", "unlock", "reset")


@login_required
@require_POST
def account_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    profile = get_profile_for_user(request.user, pk, write=True)
    actor = actor_for(request.user)
    name = profile.user.get_full_name() or profile.user.username
    if action == "reset":
        password = services.account_password_reset(profile=profile, by=request.user)
        return render(request, "accounts/password_shown.html", {
            "jurisdiction": profile.jurisdiction, "account_user": profile.user, "password": password,
            "created": False, "back_url": _list_url(profile.jurisdiction, actor)})
    if action == "unlock":
        services.account_unlock(profile=profile, by=request.user)
        messages.success(request, _("已解除“%(name)s”的登录锁定") % {"name": name})
    else:
        services.account_set_active(profile=profile, active=action == "reactivate", by=request.user)
        message = _("已启用账号“%(name)s”") if action == "reactivate" else _("已停用账号“%(name)s”，该账号不能再登录")
        messages.success(request, message % {"name": name})
    return redirect(_list_url(profile.jurisdiction, actor))


# ---------------------------------------------------------------- import from Excel


@login_required
def account_import_template(request):
    get_accounts_jurisdiction_for_user(request.user, request.GET.get("jurisdiction"), write=True)
    response = HttpResponse(accounts_template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, _("账号导入模板.xlsx"))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_import(request):
    actor, jurisdiction = get_accounts_jurisdiction_for_user(request.user, request.GET.get("jurisdiction"),
                                                             write=True)
    form = AccountImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = accounts_import_preview(jurisdiction=jurisdiction, file=form.cleaned_data["workbook"])
        if preview.ok:
            request.session[IMPORT_SESSION_KEY] = {
                "token": secrets.token_urlsafe(16), "jurisdiction": jurisdiction.pk,
                "rows": [row.as_session() for row in preview.rows]}
    pending = request.session.get(IMPORT_SESSION_KEY) if preview and preview.ok else None
    return render(request, "accounts/import.html", {
        "jurisdiction": jurisdiction, "form": form, "preview": preview, "pending": pending,
        "back_url": _list_url(jurisdiction, actor), "query": request.GET.urlencode()})


@sensitive_post_parameters()
@login_required
@require_POST
def account_import_confirm(request):
    actor = require_office(request.user)
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or pending["token"] != request.POST.get("token"):
        # A second click, a second tab or a new login: the preview is gone, nothing was created twice.
        _actor, jurisdiction = get_accounts_jurisdiction_for_user(request.user, write=True)
        return render(request, "accounts/import.html", {
            "jurisdiction": jurisdiction, "form": AccountImportForm(), "stale": True,
            "back_url": _list_url(jurisdiction, actor)}, status=409)
    _actor, jurisdiction = get_accounts_jurisdiction_for_user(request.user, pending["jurisdiction"], write=True)
    try:
        created = services.accounts_import(jurisdiction=jurisdiction, rows=pending["rows"], by=request.user)
    except ValidationError as error:
        return render(request, "accounts/import.html", {
            "jurisdiction": jurisdiction, "form": AccountImportForm(), "confirm_errors": error.messages,
            "back_url": _list_url(jurisdiction, actor)}, status=409)
    del request.session[IMPORT_SESSION_KEY]
    nonce = secrets.token_urlsafe(16)
    request.session[CREDENTIALS_SESSION_KEY] = nonce
    # The passwords travel in the page (signed, so the download cannot be altered) and are stored nowhere.
    payload = signing.dumps({"nonce": nonce, "jurisdiction": jurisdiction.pk,
                             "accounts": [[a.row, a.unit_name, a.name, a.phone, a.username, a.password]
                                          for a in created]}, salt=CREDENTIALS_SALT, compress=True)
    return render(request, "accounts/import_done.html", {
        "jurisdiction": jurisdiction, "created": created, "payload": payload,
        "back_url": _list_url(jurisdiction, actor)})


@sensitive_post_parameters()
@login_required
@require_POST
def account_credentials_download(request):
    require_office(request.user)
    try:
        data = signing.loads(request.POST.get("payload", ""), salt=CREDENTIALS_SALT, max_age=CREDENTIALS_MAX_AGE)
    except signing.BadSignature:
        return render(request, "accounts/credentials_gone.html", {"expired": True}, status=410)
    get_accounts_jurisdiction_for_user(request.user, data["jurisdiction"], write=True)
    if request.session.get(CREDENTIALS_SESSION_KEY) != data["nonce"]:
        return render(request, "accounts/credentials_gone.html", {"expired": False}, status=410)
    del request.session[CREDENTIALS_SESSION_KEY]
    accounts = [services.ImportedAccount(*values) for values in data["accounts"]]
    body = credentials_xlsx(accounts, login_url=request.build_absolute_uri(reverse("login")))
    response = HttpResponse(body, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d%H%M")
    response["Content-Disposition"] = content_disposition_header(True, _("初始密码-%(stamp)s.xlsx") % {"stamp": stamp})
    return response


# ---------------------------------------------------------------- login record

LOGIN_RESULTS = [("success", _("登录成功")), ("failed", _("密码错误或账号不存在")), ("locked", _("锁定期间尝试")),
                 ("logout", _("退出"))]


@login_required
def login_record(request):
    actor = actor_for(request.user)
    if not actor.is_office:
        raise PermissionDenied(_("只有依法治县办或系统管理员可以查看登录记录"))
    events = (Event.objects.filter(action__in=services.LOGIN_ACTIONS.values())
              .filter(actor.read_scope("jurisdiction")).select_related("jurisdiction"))
    username = request.GET.get("username", "").strip()
    result = request.GET.get("result", "")
    since, until = request.GET.get("since", ""), request.GET.get("until", "")
    if username:
        events = events.filter(target_label__icontains=username)
    if result in services.LOGIN_ACTIONS:
        events = events.filter(action=services.LOGIN_ACTIONS[result])
    bad_dates = []
    for text, end in ((since, False), (until, True)):
        day = parse_day(text) if text else None
        if text and day is None:
            bad_dates.append(text)
        elif day is not None:
            events = events.filter(**{"at__lte" if end else "at__gte": day_bound(day, end=end)})
    if bad_dates:
        messages.error(request, _("日期“%(value)s”无法识别，请按 2026-01-31 的格式填写") % {"value": bad_dates[0]})
    page = Paginator(events.order_by("-at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(LOGIN_RESULTS)
    for event in page:
        event.result_label = labels.get(event.data.get("result"), event.action)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/login_record.html", {
        "page": page, "results": LOGIN_RESULTS, "query": query.urlencode(),
        "filters": {"username": username, "result": result, "since": since, "until": until}})
