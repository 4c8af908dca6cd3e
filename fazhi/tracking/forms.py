"""Forms of the tracking screens. They only shape input; the services validate the content."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms import iso_date_formfield
from fazhi.tracking.models import ProgressReport, ReportingCadence
from fazhi.tracking.services.periods import CADENCE_FIELDS

SEPARATORS = ("|", "｜")


def actions_to_text(actions: list[dict]) -> str:
    """``actions_done`` as the textarea shows it: one line per action, ``日期 | 文号 | 措施``."""
    lines = []
    for a in actions or []:
        parts = [a.get("date") or "", a.get("doc_number") or "", a.get("text") or ""]
        lines.append(" | ".join(p for p in parts if p))
    return "\n".join(lines)


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def actions_from_text(text: str) -> list[dict]:
    """Parse the textarea back: three parts are date, 文号, text; two parts are date (or 文号) and text."""
    actions = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        for sep in SEPARATORS[1:]:
            line = line.replace(sep, SEPARATORS[0])
        parts = [p.strip() for p in line.split(SEPARATORS[0])]
        if len(parts) >= 3:
            actions.append({"date": parts[0], "doc_number": parts[1], "text": " ".join(parts[2:])})
        elif len(parts) == 2:
            key = "date" if _is_date(parts[0]) else "doc_number"
            actions.append({"date": "", "doc_number": "", key: parts[0], "text": parts[1]})
        else:
            actions.append({"date": "", "doc_number": "", "text": parts[0]})
    return actions


class ReportForm(forms.Form):
    status = forms.ChoiceField(label=_("进展情况"), choices=ProgressReport.Status.choices,
                               initial=ProgressReport.Status.IN_PROGRESS)
    unable_reason = forms.CharField(label=_("无法完成的原因"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    narrative = forms.CharField(label=_("工作进展"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    actions_done = forms.CharField(
        label=_("已采取的措施"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一项，可写成“日期 | 文号 | 措施”，如 2025-03-31 | 濉司〔2025〕3号 | 召开专题会议"))
    next_steps = forms.CharField(label=_("下一步计划"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    problems = forms.CharField(label=_("存在问题"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    percent = forms.IntegerField(label=_("完成进度（%）"), required=False, min_value=0, max_value=100)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def for_report(cls, report: ProgressReport | None, *, prefix: str):
        if report is None:
            return cls(prefix=prefix, initial={"version": 0})
        return cls(prefix=prefix, initial={
            "status": report.status, "unable_reason": report.unable_reason, "narrative": report.narrative,
            "actions_done": actions_to_text(report.actions_done), "next_steps": report.next_steps,
            "problems": report.problems, "percent": report.percent, "version": report.version,
        })

    def report_data(self) -> dict:
        """The content fields as the services take them."""
        data = {name: self.cleaned_data[name] for name in
                ("status", "unable_reason", "narrative", "next_steps", "problems", "percent")}
        data["actions_done"] = actions_from_text(self.cleaned_data["actions_done"])
        return data

    def add_service_errors(self, error) -> None:
        """Put a service ``ValidationError`` (keyed by content field) on the form."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("退回意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("请写明需要修改的内容"))


class GoalAssessForm(forms.Form):
    achieved = forms.TypedChoiceField(label=_("评估结果"), coerce=lambda v: v == "1",
                                      choices=[("1", _("已实现")), ("0", _("尚未实现"))])
    note = forms.CharField(label=_("说明"), required=False, max_length=500)


class CadenceForm(forms.ModelForm):
    """报送周期设置 of a plan. Its fields are ``CADENCE_FIELDS`` (the fields ``cadence_update``
    accepts): a new cadence field needs one line there and shows up here, with the model's label,
    help text and validation; date fields get the ISO date picker."""

    class Meta:
        model = ReportingCadence
        fields = CADENCE_FIELDS
        formfield_callback = iso_date_formfield

    def add_service_errors(self, error) -> None:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)
