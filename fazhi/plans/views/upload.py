"""Upload a plan document → preview what would be stored → confirm."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.accounts.access import require_office
from fazhi.plans.access import get_pending_import_for_user, upload_jurisdictions_for
from fazhi.plans.forms import PhraseMappingForm, PlanUploadForm
from fazhi.plans.import_review import import_review, reviewed_ledger
from fazhi.plans.parsing.ledger import Ledger
from fazhi.plans.services import (
    pending_import_confirm,
    pending_import_create,
    pending_import_review,
    plan_preview,
)
from fazhi.tracking.services import tracking_start


@login_required
def upload(request):
    require_office(request.user)
    jurisdictions = upload_jurisdictions_for(request.user)
    form = PlanUploadForm(request.POST or None, request.FILES or None, jurisdictions=jurisdictions)
    duplicate_of = None  # the plan an already imported file became, linked from the error
    if request.method == "POST" and form.is_valid():
        document = form.cleaned_data["document"]
        try:
            pending = pending_import_create(
                jurisdiction=form.cleaned_data["jurisdiction"],
                data=document.read(),
                filename=document.name,
                by=request.user,
            )
        except ValidationError as error:
            duplicate_of = getattr(error, "plan", None)
            form.add_error("document", error)
        else:
            return redirect("plans:preview", pk=pending.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "max_upload_mb": settings.FAZHI_MAX_UPLOAD_MB,
               "duplicate_of": duplicate_of}
    return render(request, "plans/upload.html", context, status=status)


def _preview_context(pending) -> dict:
    """The preview of the upload as the office has reviewed it: rejected tasks out of the counts and
    the phrase list (edited unit names in it), yet still listed, struck out, so they can be restored."""
    preview = plan_preview(
        jurisdiction=pending.jurisdiction, ledger=reviewed_ledger(pending.ledger), source_sha256=pending.sha256
    )
    review = import_review(pending.ledger, Ledger.from_dict(pending.ledger), language=get_language() or "zh-hans")
    return {"pending": pending, "preview": preview, "ledger": preview.ledger, "review": review}


def _preview_page(request, pending, form=None, status=200):
    context = _preview_context(pending)
    context["form"] = form or PhraseMappingForm(preview=context["preview"])
    return render(request, "plans/preview.html", context, status=status)


def _already_imported(request, pending):
    messages.info(request, _("该文件已导入为《%(title)s》，以下是它的任务台账") % {"title": pending.plan.title})
    return redirect("plans:plan_ledger", pk=pending.plan_id)


@login_required
def preview(request, pk):
    pending = get_pending_import_for_user(request.user, pk)
    if pending.plan_id:
        return _already_imported(request, pending)
    return _preview_page(request, pending)


@login_required
@require_POST
def confirm(request, pk):
    pending = get_pending_import_for_user(request.user, pk)
    if pending.plan_id:
        return _already_imported(request, pending)
    preview = plan_preview(jurisdiction=pending.jurisdiction, ledger=reviewed_ledger(pending.ledger))
    form = PhraseMappingForm(request.POST, preview=preview)
    if not form.is_valid():
        return _preview_page(request, pending, form=form, status=400)
    try:
        with transaction.atomic():
            plan = pending_import_confirm(pending=pending, decisions=form.decisions(), by=request.user,
                                          import_as_new=request.POST.get("import_as_new") == "1")
            # Every imported plan is in 调度 at once, so its units see it in 我的填报, unless
            # its 实施期 has ended: then nothing starts and the office is told below.
            periods = tracking_start(plan=plan, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _preview_page(request, pending, form=form, status=400)
    messages.success(
        request, _("已导入《%(title)s》，共 %(count)s 项任务") % {"title": plan.title, "count": plan.tasks.count()}
    )
    if not periods and plan.period_end:
        messages.warning(request, _(
            "该方案的实施期已于 %(year)s 年底结束，系统未开始调度、未生成报送周期。如需对它继续调度，"
            "请在“调度周期管理”中设置调度截止日期。") % {"year": plan.period_end})
    return redirect("plans:plan_ledger", pk=plan.pk)


@login_required
@require_POST
def review_task(request, pk, seq):
    """Keep, correct or reject one task of the preview. htmx gets the task's block back (and the counts);
    without JS, or when the edit changed the list of names to map, the whole preview is shown again."""
    pending = get_pending_import_for_user(request.user, pk)
    if pending.plan_id:
        return _already_imported(request, pending)
    partial = request.headers.get("HX-Request") == "true"
    before = plan_preview(jurisdiction=pending.jurisdiction, ledger=reviewed_ledger(pending.ledger)).unmatched_phrases
    error = ""
    try:
        pending_import_review(
            pending=pending, task_seq=seq, action=request.POST.get("action", ""),
            text=request.POST.get("text", ""), lead=request.POST.get("lead", ""), co=request.POST.get("co", ""),
            deadline=request.POST.get("deadline", ""), by=request.user,
        )
    except ValidationError as problem:
        error = " ".join(problem.messages)
    pending.refresh_from_db()
    context = _preview_context(pending)
    if not error and context["preview"].unmatched_phrases != before:
        messages.info(request, _("第 %(seq)s 项的修改已保存；单位名称有变化，请在“单位对照”中核对新出现的名称") % {"seq": seq})
        if partial:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return redirect(reverse("plans:preview", args=[pending.pk]) + "#mapping")
    if not partial:
        if not error:
            messages.success(request, _("第 %(seq)s 项的核对结果已保存") % {"seq": seq})
            return redirect(reverse("plans:preview", args=[pending.pk]) + f"#task-{seq}")
        # The whole preview again, the refused task's block with the message and what was typed.
        messages.error(request, _("第 %(seq)s 项未保存：%(error)s") % {"seq": seq, "error": error})
        context.update(form=PhraseMappingForm(preview=context["preview"]), failed_seq=seq, review_error=error,
                       review_values=request.POST)
        return render(request, "plans/preview.html", context, status=400)
    item = next((item for item in context["review"].tasks if item.task.seq == seq), None)
    if item is None:
        return HttpResponse(error, status=400)
    context.update(item=item, error=error, values=request.POST if error else None, oob=True)
    # 200 even for a refused edit: htmx swaps only 2xx answers, and the block shows the message.
    return render(request, "plans/_preview_task.html", context)
