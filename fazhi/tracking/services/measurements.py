"""指标实际值: the actual value of a task's 量化指标 as a unit reports it with a progress report.
Rows are only appended; the latest per (report, target) counts (``measurements_latest``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for
from fazhi.audit.services import event_record
from fazhi.plans.models import Target
from fazhi.tracking import workflow
from fazhi.tracking.models import Measurement, ProgressReport

MAX_VALUE = Decimal("9999999999")  # max_digits 14, decimal_places 4


def clean_measurement(*, target: Target, value, unit: str, as_of, today: date) -> tuple[Decimal, str, date]:
    """Validate what a clerk typed; raise ``ValidationError`` keyed by field with what to do."""
    errors: dict[str, str] = {}
    text = str(value if value is not None else "").strip().replace(",", "").replace("，", "")
    number = None
    if not text:
        errors["value"] = _("请填写“%(subject)s”的实际值") % {"subject": target.subject or target.text[:20]}
    else:
        try:
            number = Decimal(text.rstrip("%％"))
        except InvalidOperation:
            errors["value"] = _("实际值“%(v)s”不是数字，请只填数字，如 36 或 98.5") % {"v": text[:20]}
        else:
            if not number.is_finite():
                errors["value"] = _("实际值“%(v)s”不是数字，请只填数字，如 36 或 98.5") % {"v": text[:20]}
            elif number < 0:
                errors["value"] = _("实际值不能为负数")
            elif abs(number) > MAX_VALUE or -number.as_tuple().exponent > 4:
                errors["value"] = _("实际值过大或小数位过多（最多 4 位小数）")
    unit = (unit or target.unit or "").strip()
    if len(unit) > 20:
        errors["unit"] = _("计量单位请不要超过 20 个字")
    day = as_of
    if isinstance(as_of, str):
        try:
            day = date.fromisoformat(as_of.strip()) if as_of.strip() else None
        except ValueError:
            day = None
            errors["as_of"] = _("截至日期“%(d)s”无法识别，请写成如 2025-03-31 的格式") % {"d": as_of[:20]}
    if day is None and "as_of" not in errors:
        errors["as_of"] = _("请填写截至日期，即实际值统计到哪一天")
    elif day is not None and day > today:
        errors["as_of"] = _("截至日期 %(d)s 晚于今天，请填写已统计到的日期") % {"d": day.isoformat()}
    if errors:
        raise ValidationError(errors)
    return number, unit, day


def measurement_record(*, report: ProgressReport, target: Target, value, unit: str = "", as_of, evidence=None,
                       by, today: date | None = None) -> Measurement:
    """Append the actual value of ``target`` to ``report`` (a draft or returned report the user
    may edit). ``evidence``, if given, must be one of the report's 佐证材料."""
    today = today or timezone.localdate()
    reason = workflow.reason_cannot_edit(actor_for(by), report.assignment, report.period, report)
    if reason:
        raise PermissionDenied(reason)
    if target.task_id != report.assignment.task_id:
        raise ValidationError({"target": _("该指标不属于本报告的任务")})
    number, unit, day = clean_measurement(target=target, value=value, unit=unit, as_of=as_of, today=today)
    if evidence is not None and not report.evidence_links.filter(evidence=evidence).exists():
        raise ValidationError({"evidence": _("请从本报告已上传或引用的佐证材料中选择")})
    with transaction.atomic():
        measurement = Measurement.objects.create(report=report, target=target, value=number, unit=unit, as_of=day,
                                                 evidence=evidence, by=by)
        event_record(actor=by, action="measurement.record", target=report,
                     jurisdiction=report.assignment.task.plan.jurisdiction,
                     data={"target": target.pk, "value": str(number), "unit": unit, "as_of": day.isoformat(),
                           "evidence": evidence.pk if evidence else None})
    return measurement


def measurements_latest(report_ids) -> dict[tuple[int, int], Measurement]:
    """(report id, target id) → the latest value recorded, for the given reports, in one query."""
    latest: dict[tuple[int, int], Measurement] = {}
    for m in (Measurement.objects.filter(report_id__in=list(report_ids)).select_related("evidence")
              .order_by("report_id", "target_id", "id")):
        latest[(m.report_id, m.target_id)] = m  # ascending ids: the newest comes last
    return latest
