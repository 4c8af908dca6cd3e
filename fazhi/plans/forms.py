from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.orgs.models import Leader, Unit, UnitGroup
from fazhi.plans.models import Deadline, Responsibility
from fazhi.plans.services import PhraseDecision, PlanPreview

ACCEPTED_SUFFIXES = (".txt", ".docx", ".pdf")


class PlanUploadForm(forms.Form):
    document = forms.FileField(
        label=gettext_lazy("方案文件"),
        help_text=gettext_lazy("支持 .docx、.pdf（含文字层）和 .txt 格式"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
        error_messages={
            "required": gettext_lazy("请选择要上传的方案文件"),
            "empty": gettext_lazy("上传的文件是空的，请选择实施方案原文后重新上传"),
        },
    )
    jurisdiction = forms.ModelChoiceField(label=gettext_lazy("辖区"), queryset=None, empty_label=None)

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions

    def clean_document(self):
        document = self.cleaned_data["document"]
        limit_mb = settings.FAZHI_MAX_UPLOAD_MB
        if document.size > limit_mb * 1024 * 1024:
            raise forms.ValidationError(
                _("文件大小超过 %(limit)s MB 的上限，请压缩或拆分后再上传") % {"limit": limit_mb}
            )
        return document


NEW = "new"


class PhraseMappingForm(forms.Form):
    """One picker per unmatched phrase of the preview: an existing unit or group, a new unit, or leave it."""

    def __init__(self, *args, preview: PlanPreview, **kwargs):
        super().__init__(*args, **kwargs)
        jurisdiction = preview.jurisdiction
        self.rows = []
        unit_choices = [("", _("暂不对应"))]
        unit_choices += [(f"unit:{u.pk}", u.name) for u in Unit.objects.filter(jurisdiction=jurisdiction, is_active=True)]
        group_choices = [(f"group:{g.pk}", g.phrase) for g in UnitGroup.objects.filter(jurisdiction=jurisdiction)]
        unit_choices.append((_("单位组"), group_choices))
        unit_choices.append((NEW, _("新建单位…")))
        leader_choices = [("", _("暂不对应"))]
        leader_choices += [(f"leader:{leader.pk}", leader.name) for leader in Leader.objects.filter(jurisdiction=jurisdiction)]
        leader_choices.append((NEW, _("新建领导")))
        for index, row in enumerate(preview.unmatched):
            prefix = f"p{index}"
            self.fields[f"{prefix}_phrase"] = forms.CharField(widget=forms.HiddenInput, initial=row.phrase)
            self.fields[f"{prefix}_kind"] = forms.CharField(widget=forms.HiddenInput, initial=row.kind)
            choices = unit_choices if row.kind == "unit" else leader_choices
            if row.kind == "unit" and row.suggestions:
                # Ranked candidates first, for the office to confirm; none is preselected.
                suggested = [
                    (s.choice, _("%(name)s（匹配度 %(percent)s%%）") % {"name": s.name, "percent": round(s.confidence * 100)})
                    for s in row.suggestions
                ]
                choices = [choices[0], (_("建议对应（按匹配度排序）"), suggested), *choices[1:]]
            self.fields[f"{prefix}_map"] = forms.ChoiceField(label=row.phrase, required=False, choices=choices)
            if row.kind == "unit":
                self.fields[f"{prefix}_new_name"] = forms.CharField(
                    label=_("新单位名称"), required=False, max_length=100, initial=row.phrase
                )
                self.fields[f"{prefix}_new_kind"] = forms.ChoiceField(
                    label=_("类别"), required=False, choices=Unit.Kind.choices, initial=Unit.Kind.GOVERNMENT
                )
                self.fields[f"{prefix}_remember"] = forms.BooleanField(
                    label=_("记住此别名"), required=False, initial=True
                )
            self.rows.append((row, prefix))

    def bound_rows(self):
        """(phrase row, its fields) for the template."""
        for row, prefix in self.rows:
            yield row, {
                name: self[f"{prefix}_{name}"]
                for name in ("phrase", "kind", "map", "new_name", "new_kind", "remember")
                if f"{prefix}_{name}" in self.fields
            }

    def clean(self):
        cleaned = super().clean()
        for _row, prefix in self.rows:
            if cleaned.get(f"{prefix}_map") == NEW and cleaned.get(f"{prefix}_kind") == "unit":
                if not (cleaned.get(f"{prefix}_new_name") or "").strip():
                    self.add_error(f"{prefix}_new_name", _("请填写新单位的名称"))
        return cleaned

    def decisions(self) -> list[PhraseDecision]:
        decisions = []
        for _row, prefix in self.rows:
            phrase = self.cleaned_data[f"{prefix}_phrase"]
            kind = self.cleaned_data[f"{prefix}_kind"]
            choice = self.cleaned_data.get(f"{prefix}_map") or ""
            decision = PhraseDecision(phrase=phrase, kind=kind, remember=bool(self.cleaned_data.get(f"{prefix}_remember")))
            target, _sep, pk = choice.partition(":")
            if choice == NEW:
                if kind == "leader":
                    decision.new_name = phrase
                else:
                    decision.new_name = self.cleaned_data[f"{prefix}_new_name"].strip()
                    decision.new_kind = self.cleaned_data[f"{prefix}_new_kind"] or Unit.Kind.OTHER
            elif target == "unit":
                decision.unit_id = int(pk)
            elif target == "group":
                decision.group_id = int(pk)
            elif target == "leader":
                decision.leader_id = int(pk)
            else:
                continue
            decisions.append(decision)
        return decisions


HAS_TARGET_CHOICES = [("", gettext_lazy("不限")), ("1", gettext_lazy("有量化指标")), ("0", gettext_lazy("无量化指标"))]
ROLE_CHOICES = [("", gettext_lazy("牵头或配合")), (Responsibility.Role.LEAD, gettext_lazy("牵头单位")), (Responsibility.Role.CO, gettext_lazy("配合单位"))]
SORT_CHOICES = [("seq", gettext_lazy("按序号")), ("deadline", gettext_lazy("按完成时限")), ("lead_unit", gettext_lazy("按牵头单位"))]


class LedgerFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("单位"), queryset=None, required=False, empty_label=gettext_lazy("全部单位"))
    role = forms.ChoiceField(label=gettext_lazy("角色"), choices=ROLE_CHOICES, required=False)
    leader = forms.ModelChoiceField(
        label=gettext_lazy("牵头领导"), queryset=None, required=False, empty_label=gettext_lazy("全部领导")
    )
    year = forms.TypedChoiceField(label=gettext_lazy("完成时限年度"), coerce=int, required=False, empty_value=None)
    has_target = forms.ChoiceField(label=gettext_lazy("量化指标"), choices=HAS_TARGET_CHOICES, required=False)
    q = forms.CharField(label=gettext_lazy("搜索"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": gettext_lazy("任务内容或责任分工")}))
    sort = forms.ChoiceField(label=gettext_lazy("排序"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(jurisdiction_id=plan.jurisdiction_id)
        self.fields["leader"].queryset = Leader.objects.filter(jurisdiction_id=plan.jurisdiction_id)
        years = sorted(
            {d.year for d in Deadline.objects.filter(task__plan=plan, due_on__isnull=False).values_list("due_on", flat=True)}
        )
        self.fields["year"].choices = [("", _("全部年度"))] + [(y, str(y)) for y in years]

    def ledger_filters(self) -> dict:
        """Keyword arguments for ``ledger_tasks``; an invalid value is simply not applied."""
        self.is_valid()
        data = self.cleaned_data
        has_target = data.get("has_target")
        return {
            "unit": data.get("unit"),
            "leader": data.get("leader"),
            "role": data.get("role") or None,
            "deadline_year": data.get("year"),
            "has_target": {"1": True, "0": False}.get(has_target or ""),
            "text": (data.get("q") or "").strip() or None,
            "sort": data.get("sort") or "seq",
        }
