"""Documents out of fazhi: the Excel 台账. Thin: access helpers decide, the document builders write."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fazhi.documents.access import get_plan_for_export
from fazhi.documents.excel_ledger import ledger_xlsx_bytes
from fazhi.lib.textnorm import parse_pk
from fazhi.orgs.models import Leader, Unit

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\r\n]+')


def _scope_object(model, raw: str | None, plan):
    if not raw:
        return None
    pk = parse_pk(raw)
    if pk is None:
        raise Http404(_("链接中的单位或领导编号无效，请从台账页面重新导出"))
    found = model.objects.filter(pk=pk, jurisdiction=plan.jurisdiction).first()
    if found is None:
        raise Http404(_("单位或领导不存在"))
    return found


def _attachment(filename: str, fallback: str) -> str:
    """Content-Disposition with an ASCII fallback and the Chinese name per RFC 5987 (Django's
    ``content_disposition_header`` gives no fallback name for the old browsers some offices keep)."""
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
