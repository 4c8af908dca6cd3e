"""Excel 台账 export and re-import. Thin: access helpers decide, write functions write."""

from __future__ import annotations

import re
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.orgs.models import Leader, Unit
from fazhi.reports.access import get_import_draft_for_user, get_plan_for_export, get_plan_for_import
from fazhi.reports.excel_ledger import ledger_xlsx_bytes
from fazhi.reports.ledger_import import ImportDiff
from fazhi.reports.services import ledger_import_draft_apply, ledger_import_draft_create

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\r\n]+')


def _scope_object(model, raw: str | None, plan):
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404(_("链接中的单位或领导编号无效，请从台账页面重新导出"))
    found = model.objects.filter(pk=int(raw), jurisdiction=plan.jurisdiction).first()
    if found is None:
        raise Http404(_("单位或领导不存在"))
    return found


def _attachment(filename: str, fallback: str) -> str:
    """Content-Disposition with an ASCII fallback and the Chinese name per RFC 5987."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


@login_required
@require_GET
def ledger_xlsx(request, pk):
    plan = get_plan_for_export(request.user, pk)
    unit = _scope_object(Unit, request.GET.get("unit"), plan)
    leader = None if unit else _scope_object(Leader, request.GET.get("leader"), plan)
    scope = unit.name if unit else (leader.name if leader else "")
    day = timezone.localdate().strftime("%Y%m%d")
    name = "-".join(part for part in (plan.title, _("任务台账"), scope, day) if part)
    response = HttpResponse(ledger_xlsx_bytes(plan, unit=unit, leader=leader), content_type=XLSX_TYPE)
    response["Content-Disposition"] = _attachment(
        _UNSAFE_FILENAME.sub("", name) + ".xlsx", f"ledger-{plan.pk}-{day}.xlsx"
    )
    return response


class LedgerUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("修改后的台账（.xlsx）"))


@login_required
@require_http_methods(["GET", "POST"])
def ledger_import(request, pk):
    plan = get_plan_for_import(request.user, pk)
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            draft = ledger_import_draft_create(plan=plan, data=upload.read(), filename=upload.name, by=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("reports:ledger_import_draft", pk=plan.pk, draft_pk=draft.pk)
    return render(request, "reports/ledger_import.html", {"plan": plan, "form": form})


@login_required
@require_GET
def ledger_import_draft(request, pk, draft_pk):
    draft = get_import_draft_for_user(request.user, pk, draft_pk)
    return render(
        request,
        "reports/ledger_import_preview.html",
        {"plan": draft.plan, "draft": draft, "diff": ImportDiff.from_dict(draft.diff)},
    )


@login_required
@require_POST
def ledger_import_apply(request, pk, draft_pk):
    draft = get_import_draft_for_user(request.user, pk, draft_pk)
    accepted = set(request.POST.getlist("accept"))
    try:
        count = ledger_import_draft_apply(draft=draft, by=request.user, accepted=accepted)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("reports:ledger_import_draft", pk=pk, draft_pk=draft.pk)
    messages.success(request, _("已按台账修改 %(count)s 项任务") % {"count": count})
    return redirect("reports:ledger_import", pk=pk)
