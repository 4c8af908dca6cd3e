"""Edit a plan through its Excel 台账: upload, look at the diff, apply (依法治县办 only)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.plans.access import get_import_draft_for_user, get_plan_for_import
from fazhi.plans.ledger_import import ImportDiff
from fazhi.plans.services import ledger_import_draft_apply, ledger_import_draft_create
from fazhi.tracking.services import assignments_follow


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
            return redirect("plans:ledger_import_draft", pk=plan.pk, draft_pk=draft.pk)
    return render(request, "plans/ledger_import.html", {"plan": plan, "form": form})


@login_required
@require_GET
def ledger_import_draft(request, pk, draft_pk):
    draft = get_import_draft_for_user(request.user, pk, draft_pk)
    return render(
        request,
        "plans/ledger_import_preview.html",
        {"plan": draft.plan, "draft": draft, "diff": ImportDiff.from_dict(draft.diff)},
    )


@login_required
@require_POST
def ledger_import_apply(request, pk, draft_pk):
    draft = get_import_draft_for_user(request.user, pk, draft_pk)
    accepted = set(request.POST.getlist("accept"))
    try:
        with transaction.atomic():
            count = ledger_import_draft_apply(draft=draft, by=request.user, accepted=accepted,
                                              reason=request.POST.get("reason", ""))
            # The units asked for reports follow the new 牵头/配合单位 (tracking is the layer above plans).
            assignments_follow(plan=draft.plan, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("plans:ledger_import_draft", pk=pk, draft_pk=draft.pk)
    messages.success(request, _("已按台账修改 %(count)s 项任务") % {"count": count})
    return redirect("plans:ledger_import", pk=pk)
