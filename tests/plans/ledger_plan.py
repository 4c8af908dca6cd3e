"""A small plan built straight from the models, the way an imported plan looks in the database."""

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from fazhi.orgs.models import UnitGroup
from fazhi.plans.models import Deadline, Heading, Plan, Responsibility, Target, Task

INJECTION_TEXT = "=cmd|' /C calc'!A0 防范公式注入"


@dataclass
class LedgerPlan:
    plan: Plan
    filing: Task  # h1.1, leader 钱程, lead 县司法局, co 县财政局 + 县政府各部门
    mediation: Task  # h1.1, lead 县信访局 (not in the directory), co 县司法局
    openness: Task  # h2, leader 钱程, lead 县财政局
    injection: Task  # h2, lead 县水利局, text that looks like a formula


def _task(plan, seq, heading, text, *, leaders=(), leads=(), cos=(), deadlines=(), targets=()):
    task = Task.objects.create(plan=plan, seq=seq, heading=heading, text=text)
    for role, entries in (("leader", leaders), ("lead", leads), ("co", cos)):
        for position, (phrase, target) in enumerate(entries):
            kwargs = {}
            if target is not None:
                kwargs[{"Leader": "leader", "Unit": "unit", "UnitGroup": "group"}[type(target).__name__]] = target
            Responsibility.objects.create(task=task, role=role, phrase=phrase, position=position, **kwargs)
    for position, (text_, kind, due_on, period) in enumerate(deadlines):
        Deadline.objects.create(task=task, text=text_, kind=kind, due_on=due_on, period=period, position=position)
    for position, (text_, value, unit) in enumerate(targets):
        Target.objects.create(task=task, text=text_, value=value, unit=unit, position=position)
    return task


def build_plan(personas, *, jurisdiction=None) -> LedgerPlan:
    county = jurisdiction or personas.jurisdiction
    plan = Plan.objects.create(jurisdiction=county, title="濉溪县法治政府建设实施方案（2021—2025年）",
                               doc_number="濉发〔2022〕15号")
    departments = UnitGroup.objects.create(jurisdiction=county, phrase="县政府各部门")
    departments.members.add(personas.co_unit, personas.outsider_unit)
    h1 = Heading.objects.create(plan=plan, key="h1", level=1, number="一、", title="健全政府机构职能体系", position=1)
    h11 = Heading.objects.create(plan=plan, key="h1.1", level=2, number="（一）", title="推进政府机构职能优化",
                                 parent=h1, position=2)
    h2 = Heading.objects.create(plan=plan, key="h2", level=1, number="二、", title="健全依法行政制度体系", position=3)
    leader = (personas.leader.name, personas.leader)
    filing = _task(plan, 1, h11, "完善行政规范性文件备案审查制度。", leaders=[leader],
                   leads=[("县司法局", personas.lead_unit)], cos=[("县财政局", personas.co_unit), ("县政府各部门", departments)],
                   deadlines=[("2023年年底前", "by", date(2023, 12, 31), "")], targets=[("报备率达到100%", 100, "%")])
    mediation = _task(plan, 2, h11, "加强行政调解工作。", leads=[("县信访局", None)], cos=[("县司法局", personas.lead_unit)],
                      deadlines=[("长期坚持", "ongoing", None, "")])
    openness = _task(plan, 3, h2, "推进政务公开。", leaders=[leader], leads=[("县财政局", personas.co_unit)],
                     deadlines=[("每年", "every", None, "year")])
    injection = _task(plan, 4, h2, INJECTION_TEXT, leads=[("县水利局", personas.outsider_unit)])
    return LedgerPlan(plan=plan, filing=filing, mediation=mediation, openness=openness, injection=injection)


def open_xlsx(data: bytes):
    return load_workbook(BytesIO(data)).active


def save_xlsx(sheet) -> bytes:
    buffer = BytesIO()
    sheet.parent.save(buffer)
    return buffer.getvalue()


def row_of(sheet, key: str) -> int:
    """The sheet row holding the task with 任务编号 ``key`` (column H)."""
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, 8).value == key:
            return row
    raise AssertionError(f"no row for {key}")
