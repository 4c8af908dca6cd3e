"""The forms of plan maintenance: one task (add, edit, each half of a split, a merge), a reason, a parent."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.orgs.matching import build_directory_index, match_leader_name, match_unit_phrase
from fazhi.orgs.models import Leader, Unit, UnitGroup
from fazhi.plans.models import Deadline, Heading, Plan, Responsibility, Task
from fazhi.plans.services import TaskInput, task_input_parse

PHRASE_SEPARATORS = re.compile(r"[、，,；;\n]+")
LINE_SEPARATORS = re.compile(r"[\n；;]+")


def _phrases(text: str) -> list[str]:
    return [p.strip() for p in PHRASE_SEPARATORS.split(text or "") if p.strip()]


def _lines(text: str) -> list[str]:
    return [p.strip() for p in LINE_SEPARATORS.split(text or "") if p.strip()]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("修订原因"), max_length=500,
        help_text=gettext_lazy("将记入方案的修订记录，例如“根据2024年工作要点新增”"),
        error_messages={"required": gettext_lazy("请填写修订原因，以便日后查阅为何修改")},
    )


class PickList(forms.CheckboxSelectMultiple):
    """Checkboxes in a scrolling box: a county has dozens of units, and a multiple select is unusable
    without a mouse and Ctrl."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "pick-list", **(attrs or {})})


class TaskForm(forms.Form):
    """One task as the office writes it: units and leaders picked from the directory or typed as the
    plan words them (matched as an import would), deadlines and targets one per line."""

    heading = forms.TypedChoiceField(label=gettext_lazy("所属章节"), required=False, coerce=int, empty_value=None)
    seq = forms.IntegerField(label=gettext_lazy("序号"), required=False, min_value=1,
                             help_text=gettext_lazy("留空则排在本方案最后；填写已有的序号则插在该任务之前，其后任务序号顺延"))
    number = forms.CharField(label=gettext_lazy("条目号"), required=False, max_length=20,
                             help_text=gettext_lazy("方案原文中的编号，如“（三）”或“5.”"))
    text = forms.CharField(label=gettext_lazy("任务内容"), widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": gettext_lazy("请填写任务内容")})
    leader_picks = forms.MultipleChoiceField(label=gettext_lazy("牵头领导"), required=False, widget=PickList)
    leader_phrases = forms.CharField(label=gettext_lazy("其他牵头领导（按原文填写）"), required=False)
    lead_picks = forms.MultipleChoiceField(label=gettext_lazy("牵头单位"), required=False, widget=PickList)
    lead_phrases = forms.CharField(label=gettext_lazy("其他牵头单位（按原文填写，多个用顿号分隔）"), required=False)
    co_picks = forms.MultipleChoiceField(label=gettext_lazy("配合单位"), required=False, widget=PickList)
    co_phrases = forms.CharField(label=gettext_lazy("其他配合单位（按原文填写，多个用顿号分隔）"), required=False)
    deadlines = forms.CharField(
        label=gettext_lazy("完成时限"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("一行一个，如“2024年12月31日前”“每季度”“长期坚持”"))
    targets = forms.CharField(
        label=gettext_lazy("量化指标"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("一行一个，如“报备率达到100%”"))

    def __init__(self, *args, plan: Plan, task: Task | None = None, seq_editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.task = plan, task
        self.fields["heading"].choices = [("", _("（不属于任何章节）"))] + [
            (h.pk, "　" * (h.level - 1) + f"{h.number}{h.title}"[:60])
            for h in Heading.objects.filter(plan=plan).order_by("position")
        ]
        units = [(f"unit:{u.pk}", u.name)
                 for u in Unit.objects.filter(jurisdiction=plan.jurisdiction, is_active=True).order_by("sort_order", "id")]
        groups = [(f"group:{g.pk}", g.phrase) for g in UnitGroup.objects.filter(jurisdiction=plan.jurisdiction)]
        self.fields["lead_picks"].choices = units + groups
        self.fields["co_picks"].choices = units + groups
        self.fields["leader_picks"].choices = [
            (f"leader:{leader.pk}", f"{leader.name}（{leader.title}）" if leader.title else leader.name)
            for leader in Leader.objects.filter(jurisdiction=plan.jurisdiction, is_active=True)]
        if not seq_editable:
            del self.fields["seq"]
        elif task is not None:
            self.fields["seq"].help_text = _("可改为本方案中未被使用的序号")
        if task is not None and not self.is_bound:
            for name, value in self.initial_for(task).items():
                self.initial.setdefault(name, value)  # what the caller gave (a merge's joined text) wins

    @staticmethod
    def initial_for(task: Task) -> dict:
        picks: dict[str, list[str]] = {"leader": [], "lead": [], "co": []}
        typed: dict[str, list[str]] = {"leader": [], "lead": [], "co": []}
        for r in task.responsibilities.all().order_by("role", "position"):
            key = r.role
            if r.unit_id:
                picks[key].append(f"unit:{r.unit_id}")
            elif r.group_id:
                picks[key].append(f"group:{r.group_id}")
            elif r.leader_id:
                picks[key].append(f"leader:{r.leader_id}")
            else:
                typed[key].append(r.phrase)
        return {
            "heading": task.heading_id, "seq": task.seq, "number": task.number, "text": task.text,
            "leader_picks": picks["leader"], "leader_phrases": "、".join(typed["leader"]),
            "lead_picks": picks["lead"], "lead_phrases": "、".join(typed["lead"]),
            "co_picks": picks["co"], "co_phrases": "、".join(typed["co"]),
            "deadlines": "\n".join(d.text for d in task.deadlines.order_by("position")),
            "targets": "\n".join(t.text for t in task.targets.order_by("position", "id")),
        }

    @classmethod
    def initial_merged(cls, task: Task, other: Task) -> dict:
        """The two tasks' content joined, as the starting point of a merge: both texts, every unit and
        leader of either (each once), the deadlines and targets of both."""
        first, second = cls.initial_for(task), cls.initial_for(other)
        merged = dict(first)
        merged["text"] = f"{task.text}\n{other.text}"
        for name in ("leader_picks", "lead_picks", "co_picks"):
            merged[name] = list(dict.fromkeys(first[name] + second[name]))
        for name in ("leader_phrases", "lead_phrases", "co_phrases"):
            merged[name] = "、".join(dict.fromkeys(_phrases(first[name]) + _phrases(second[name])))
        for name in ("deadlines", "targets"):
            merged[name] = "\n".join(dict.fromkeys(_lines(first[name]) + _lines(second[name])))
        return merged

    def _picked_phrases(self, role: str, picks: list[str]) -> list[str]:
        """A picked unit, group or leader as a phrase. A row the task already has keeps the plan's
        own wording (县司法局 stays 司法局 if the plan wrote that), so an edit changes only what changed."""
        existing: dict[str, str] = {}
        if self.task is not None:
            for r in self.task.responsibilities.filter(role=role):
                for key in (f"unit:{r.unit_id}" if r.unit_id else None, f"group:{r.group_id}" if r.group_id else None,
                            f"leader:{r.leader_id}" if r.leader_id else None):
                    if key:
                        existing.setdefault(key, r.phrase)
        field = {"leader": "leader_picks", "lead": "lead_picks", "co": "co_picks"}[role]
        labels = dict(self.fields[field].choices)
        phrases = []
        for pick in picks:
            if pick in existing:
                phrases.append(existing[pick])
            elif pick.startswith("leader:"):
                phrases.append(Leader.objects.get(pk=int(pick.split(":")[1])).name)
            else:
                phrases.append(str(labels[pick]))
        return phrases

    def task_input(self) -> TaskInput:
        data = self.cleaned_data
        return TaskInput(
            text=data.get("text") or "",
            heading_id=data.get("heading"),
            seq=data.get("seq"),
            number=data.get("number") or "",
            lead_leaders=self._picked_phrases("leader", data.get("leader_picks") or [])
            + _phrases(data.get("leader_phrases")),
            lead_units=self._picked_phrases("lead", data.get("lead_picks") or []) + _phrases(data.get("lead_phrases")),
            co_units=self._picked_phrases("co", data.get("co_picks") or []) + _phrases(data.get("co_phrases")),
            deadlines=_lines(data.get("deadlines")),
            targets=_lines(data.get("targets")),
        )

    def preview(self) -> dict | None:
        """What the task will be once saved: each phrase's match in the directory, each deadline and
        target as read, and the problems to fix. None while the form itself is not valid."""
        if not self.is_valid():
            return None
        data = self.task_input()
        parsed = task_input_parse(data)
        directory = build_directory_index(self.plan.jurisdiction)
        roles = []
        for role, label, phrases in ((Responsibility.Role.LEAD_LEADER, _("牵头领导"), data.lead_leaders),
                                     (Responsibility.Role.LEAD, _("牵头单位"), data.lead_units),
                                     (Responsibility.Role.CO, _("配合单位"), data.co_units)):
            rows = []
            for phrase in phrases:
                if role == Responsibility.Role.LEAD_LEADER:
                    leader = match_leader_name(self.plan.jurisdiction, phrase, directory=directory)
                    rows.append({"phrase": phrase, "match": leader.name if leader else ""})
                else:
                    match = match_unit_phrase(self.plan.jurisdiction, phrase, directory=directory)
                    if match.unit:
                        rows.append({"phrase": phrase, "match": match.unit.name})
                    elif match.group:
                        members = "、".join(u.name for u in match.group.members.all()) or _("（成员未登记）")
                        rows.append({"phrase": phrase, "match": f"{match.group.phrase}：{members}"})
                    else:
                        rows.append({"phrase": phrase, "match": ""})
            roles.append({"label": label, "rows": rows})
        return {"roles": roles, "deadlines": [(d.text, deadline_meaning(d)) for d in parsed.deadlines],
                "targets": [(t.text, target_meaning(t)) for t in parsed.targets], "errors": parsed.errors}


COMPARATOR_SIGNS = {">=": "≥", ">": ">", "=": "=", "<=": "≤", "<": "<"}


def deadline_meaning(deadline) -> str:
    """What the importer's grammar read in a 完成时限, in words: 2024-06-30 前, 每季度, 长期坚持."""
    if deadline.kind == Deadline.Kind.EVERY:
        period = str(Deadline.Period(deadline.period).label) if deadline.period else ""
        return _("周期性：%(period)s") % {"period": period} if period else str(Deadline.Kind.EVERY.label)
    if deadline.kind == Deadline.Kind.ONGOING:
        return str(Deadline.Kind.ONGOING.label)
    if deadline.date is None:
        return str(Deadline.Kind(deadline.kind).label)
    day = deadline.date.isoformat()
    return _("%(date)s 起") % {"date": day} if deadline.kind == Deadline.Kind.FROM else _("%(date)s 前") % {"date": day}


def target_meaning(target) -> str:
    value = f"{target.value:g}"
    text = f"{target.subject + ' ' if target.subject else ''}{COMPARATOR_SIGNS.get(target.comparator, target.comparator)} " \
           f"{value}{target.unit}"
    if target.by:
        text += _("（%(date)s 前）") % {"date": target.by.isoformat()}
    return text


class MergeChoiceForm(forms.Form):
    other = forms.TypedChoiceField(label=gettext_lazy("并入本任务的另一项任务"), coerce=int)

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        others = task.plan.tasks.filter(state=Task.State.ACTIVE).exclude(pk=task.pk).order_by("seq")
        self.fields["other"].choices = [("", _("请选择"))] + [(t.pk, f"{t.seq}. {t.text[:50]}") for t in others]


class ParentForm(ReasonForm):
    parent = forms.TypedChoiceField(label=gettext_lazy("所属实施方案"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = Plan.objects.filter(jurisdiction=plan.jurisdiction).exclude(pk=plan.pk).order_by("-imported_at")
        self.fields["parent"].choices = [("", _("（不关联）"))] + [(p.pk, p.title[:60]) for p in candidates]
        self.fields["reason"].initial = _("关联年度工作要点与实施方案")
        if not self.is_bound:
            self.initial["parent"] = plan.parent_id
