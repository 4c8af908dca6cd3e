"""报送周期设置: the office edits a plan's cadence (``CadenceForm``); saving generates the periods
through today as the periods page does."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.access import require_office
from fazhi.plans.access import get_plan_for_user
from fazhi.tracking.board import cadence_for
from fazhi.tracking.forms import CadenceForm
from fazhi.tracking.models import ReportingCadence
from fazhi.tracking.periods import plan_tracking_end, plan_tracking_start
from fazhi.tracking.services import cadence_settings_save


@login_required
def cadence(request, plan_pk):
    plan = get_plan_for_user(request.user, plan_pk)
    require_office(request.user, jurisdiction=plan.jurisdiction)
    current = cadence_for(plan)
    form, status = CadenceForm(instance=current), 200
    if request.method == "POST":
        # A copy: the form writes its cleaned values onto the instance, the service compares against the stored ones.
        form = CadenceForm(request.POST,
                           instance=ReportingCadence.objects.filter(plan=plan).first() or ReportingCadence(plan=plan))
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                cadence_settings_save(plan=plan, by=request.user, today=timezone.localdate(), **fields)
            except ValidationError as refused:
                form.add_service_errors(refused)
            else:
                messages.success(request, _("已保存报送周期设置，并生成至今的报送周期"))
                return redirect("tracking:cadence", plan_pk=plan.pk)
        status = 400
    saved = cadence_for(plan)
    return render(request, "tracking/cadence.html", {
        "plan": plan, "form": form, "starts_on": plan_tracking_start(plan, saved), "ends_on": plan_tracking_end(plan, saved),
    }, status=status)
