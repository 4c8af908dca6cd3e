"""Directory screens for the 依法治县办: list, Excel export/import, group members, new unit, and a
unit edited in place (names, aliases, order), 停用/重新启用 after a preview, merged into another.

Directory writes that change who a plan's phrases reach are followed by
``assignments_follow`` in the same transaction: tracking sits above orgs and
is brought along by the screen, never pushed to from orgs.
"""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fazhi.accounts.access import actor_for
from fazhi.accounts.models import Role
from fazhi.orgs import services
from fazhi.orgs.access import get_directory_for_user, get_group_for_user, get_unit_for_user
from fazhi.orgs.excel import directory_export, directory_import
from fazhi.orgs.forms import (
    DirectoryImportForm,
    GroupCreateForm,
    GroupMembersForm,
    UnitCreateForm,
    UnitEditForm,
    UnitMergeForm,
)
from fazhi.orgs.models import Jurisdiction, Unit
from fazhi.tracking.services import assignments_follow
from fazhi.tracking.services.units import (
    unit_deactivation_preview,
    unit_merge,
    unit_merge_preview,
    unit_reactivation_preview,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _directory_url(jurisdiction, actor) -> str:
    url = reverse("orgs:directory")
    return url if jurisdiction.pk == actor.jurisdiction_id else f"{url}?jurisdiction={jurisdiction.pk}"


@login_required
def directory(request):
    actor, jurisdiction = get_directory_for_user(request.user, request.GET.get("jurisdiction"))
    groups = list(services.directory_groups(jurisdiction))
    phrases_by_unit: dict[int, list[str]] = {}
    for group in groups:
        for unit in group.members.all():
            phrases_by_unit.setdefault(unit.pk, []).append(group.phrase)
    units = list(Unit.objects.filter(jurisdiction=jurisdiction).prefetch_related("aliases"))
    for unit in units:
        unit.group_phrases = phrases_by_unit.get(unit.pk, [])
    context = {
        "jurisdiction": jurisdiction,
        "may_edit": actor.may_act(jurisdiction),
        "units": units,
        "groups": groups,
        "leaders": list(services.directory_leaders(jurisdiction)),
        "sample_count": sum(unit.is_sample for unit in units),
        "children": list(Jurisdiction.objects.filter(parent=jurisdiction)),
    }
    return render(request, "orgs/directory.html", context)


@login_required
def directory_export_view(request):
    _actor, jurisdiction = get_directory_for_user(request.user, request.GET.get("jurisdiction"))
    response = HttpResponse(directory_export(jurisdiction), content_type=XLSX)
    filename = _("单位名录-%(name)s.xlsx") % {"name": jurisdiction.name}
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def directory_import_view(request):
    actor, jurisdiction = get_directory_for_user(request.user, request.GET.get("jurisdiction"), write=True)
    form = DirectoryImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            result = directory_import(jurisdiction=jurisdiction, file=form.cleaned_data["workbook"], by=request.user)
            if result.ok:
                # A deactivated unit or a changed group reaches the plans in 调度 at once.
                assignments_follow(jurisdiction=jurisdiction, by=request.user)
        if result.ok:
            messages.success(
                request,
                _("导入完成：新增 %(created)s 项，更新 %(updated)s 个单位")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect(_directory_url(jurisdiction, actor))
        errors = result.errors
    return render(request, "orgs/import.html", {"jurisdiction": jurisdiction, "form": form, "errors": errors})


@login_required
@require_http_methods(["GET", "POST"])
def unit_create_view(request):
    actor, jurisdiction = get_directory_for_user(request.user, request.GET.get("jurisdiction"), write=True)
    form = UnitCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(jurisdiction=jurisdiction, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已添加单位“%(name)s”") % {"name": unit.name})
            return redirect(_directory_url(jurisdiction, actor))
    return render(request, "orgs/unit_create.html", {"jurisdiction": jurisdiction, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit = get_unit_for_user(request.user, pk, write=True)
    initial = {
        "name": unit.name,
        "full_name": unit.full_name,
        "kind": unit.kind,
        "sort_order": unit.sort_order,
        "aliases": "\n".join(unit.aliases.order_by("id").values_list("text", flat=True)),
    }
    form = UnitEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        old_name = unit.name
        try:
            services.unit_edit(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if unit.name != old_name:
                messages.success(request, _("已将“%(old)s”改名为“%(new)s”，原名称已保留为别名")
                                 % {"old": old_name, "new": unit.name})
            else:
                messages.success(request, _("已保存单位“%(name)s”") % {"name": unit.name})
            return redirect(_directory_url(unit.jurisdiction, actor_for(request.user)))
    return render(request, "orgs/unit_edit.html", {"unit": unit, "jurisdiction": unit.jurisdiction, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def unit_activation(request, pk):
    """停用 (or 重新启用) a unit: GET shows what it affects, POST with ``is_active`` confirms.
    The wanted state is posted, so a second click of the same button changes nothing."""
    unit = get_unit_for_user(request.user, pk, write=True)
    directory_url = _directory_url(unit.jurisdiction, actor_for(request.user))
    if request.method == "POST":
        wanted = request.POST.get("is_active")
        if wanted not in ("0", "1"):
            messages.error(request, _("请求不完整，请在单位页面重新操作"))
            return redirect("orgs:unit_activation", pk=unit.pk)
        try:
            with transaction.atomic():
                services.unit_set_active(unit=unit, is_active=wanted == "1", by=request.user)
                # Its assignments in plans in 调度 end (or come back) at once.
                result = assignments_follow(jurisdiction=unit.jurisdiction, by=request.user)
        except ValidationError as exc:
            messages.info(request, exc.messages[0])
            return redirect(directory_url)
        if unit.is_active:
            messages.success(request, _("已重新启用“%(unit)s”，重新分派任务 %(count)s 项")
                             % {"unit": unit, "count": result.created + result.updated})
        else:
            messages.success(request, _("已停用“%(unit)s”，结束任务分工 %(count)s 项")
                             % {"unit": unit, "count": result.deactivated})
        return redirect(directory_url)
    context = {"unit": unit, "jurisdiction": unit.jurisdiction, "directory_url": directory_url}
    if unit.is_active:
        context["preview"] = unit_deactivation_preview(unit)
    else:
        context["clerks"] = list(unit.profile_set.filter(role=Role.CLERK).select_related("user"))
        context["tasks_back"] = unit_reactivation_preview(unit)
    return render(request, "orgs/unit_activation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_merge_view(request, pk):
    """Merge a unit into another: choose the survivor, read what moves, confirm."""
    unit = get_unit_for_user(request.user, pk, write=True)
    data = request.POST if request.method == "POST" else (request.GET if "survivor" in request.GET else None)
    form = UnitMergeForm(data, unit=unit)
    preview = None
    status = 200
    if form.is_bound and form.is_valid():
        survivor = form.cleaned_data["survivor"]
        if request.method == "POST":
            try:
                unit_merge(absorbed=unit, survivor=survivor, by=request.user)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
                status = 400
            else:
                messages.success(request, _("已将“%(absorbed)s”并入“%(survivor)s”")
                                 % {"absorbed": unit.name, "survivor": survivor.name})
                return redirect(_directory_url(survivor.jurisdiction, actor_for(request.user)))
        preview = unit_merge_preview(absorbed=unit, survivor=survivor)
    elif form.is_bound:
        status = 400
    context = {"unit": unit, "jurisdiction": unit.jurisdiction, "form": form, "preview": preview}
    return render(request, "orgs/unit_merge.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk):
    group = get_group_for_user(request.user, pk, write=True)
    form = GroupMembersForm(
        request.POST or None,
        jurisdiction=group.jurisdiction,
        initial={"members": list(group.members.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.group_set_members(group=group, members=form.cleaned_data["members"], by=request.user)
            # A phrase like “各镇（园区）” in a plan in 调度 reaches whoever is in the group now.
            assignments_follow(jurisdiction=group.jurisdiction, by=request.user)
        messages.success(request, _("已保存“%(phrase)s”的成员单位") % {"phrase": group.phrase})
        return redirect(_directory_url(group.jurisdiction, actor_for(request.user)))
    return _render_group_form(request, form, group.jurisdiction, group=group)


@login_required
@require_http_methods(["GET", "POST"])
def group_create_view(request):
    actor, jurisdiction = get_directory_for_user(request.user, request.GET.get("jurisdiction"), write=True)
    form = GroupCreateForm(request.POST or None, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(jurisdiction=jurisdiction, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已添加单位组“%(phrase)s”") % {"phrase": group.phrase})
            return redirect(_directory_url(jurisdiction, actor))
    return _render_group_form(request, form, jurisdiction)


def _render_group_form(request, form, jurisdiction, *, group=None):
    """The members as checkboxes, one box of units per kind."""
    selected = {str(value) for value in form["members"].value() or []}
    kinds = dict(Unit.Kind.choices)
    order = list(kinds)
    units = sorted(Unit.objects.filter(jurisdiction=jurisdiction), key=lambda unit: order.index(unit.kind))
    sections = [
        {"label": kinds[kind], "units": list(members)}
        for kind, members in groupby(units, key=lambda u: u.kind)
    ]
    context = {
        "group": group,
        "jurisdiction": jurisdiction,
        "form": form,
        "sections": sections,
        "selected": selected,
    }
    return render(request, "orgs/group_edit.html", context)
