"""Directory screens for the 依法治县办: list, Excel export/import, group members, new unit.

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
from fazhi.orgs import services
from fazhi.orgs.access import get_directory_for_user, get_group_for_user
from fazhi.orgs.excel import directory_export, directory_import
from fazhi.orgs.forms import DirectoryImportForm, GroupCreateForm, GroupMembersForm, UnitCreateForm
from fazhi.orgs.models import Jurisdiction, Unit
from fazhi.tracking.services import assignments_follow

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
