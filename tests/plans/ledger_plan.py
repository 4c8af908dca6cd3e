"""A small plan as an imported plan looks in the database, and helpers to read and edit 台账 workbooks."""

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from fazhi.plans.models import Plan, Task
from tests.factories import HeadingFactory, PlanFactory, TaskFactory, UnitGroupFactory

INJECTION_TEXT = "=cmd|' /C calc'!A0 防范公式注入"


@dataclass
class LedgerPlan:
    plan: Plan
    filing: Task  # h1.1, leader 钱程, lead 县司法局, co 县财政局 + 县政府各部门
    mediation: Task  # h1.1, lead 县信访局 (not in the directory), co 县司法局
    openness: Task  # h2, leader 钱程, lead 县财政局
    injection: Task  # h2, lead 县水利局, text that looks like a formula


def build_plan(personas, *, jurisdiction=None) -> LedgerPlan:
    county = jurisdiction or personas.jurisdiction
    plan = PlanFactory(jurisdiction=county, title="濉溪县法治政府建设实施方案（2021—2025年）", doc_number="濉发〔2022〕15号",
                       issued_on=None, period_start=None, period_end=None)
    departments = UnitGroupFactory(jurisdiction=county, phrase="县政府各部门",
                                   members=[personas.co_unit, personas.outsider_unit])
    h1 = HeadingFactory(plan=plan, key="h1", level=1, number="一、", title="健全政府机构职能体系", position=1)
    h11 = HeadingFactory(plan=plan, key="h1.1", parent=h1, number="（一）", title="推进政府机构职能优化", position=2)
    h2 = HeadingFactory(plan=plan, key="h2", level=1, number="二、", title="健全依法行政制度体系", position=3)
    filing = TaskFactory(plan=plan, seq=1, heading=h11, text="完善行政规范性文件备案审查制度。", leaders=[personas.leader],
                         lead_units=[personas.lead_unit], co_units=[personas.co_unit, departments],
                         due_by=date(2023, 12, 31), due_by__text="2023年年底前", targets=[("报备率达到100%", 100, "%")])
    mediation = TaskFactory(plan=plan, seq=2, heading=h11, text="加强行政调解工作。", lead_units=["县信访局"],
                            co_units=[personas.lead_unit], ongoing=True, ongoing__text="长期坚持")
    openness = TaskFactory(plan=plan, seq=3, heading=h2, text="推进政务公开。", leaders=[personas.leader],
                           lead_units=[personas.co_unit], every="year", every__text="每年")
    injection = TaskFactory(plan=plan, seq=4, heading=h2, text=INJECTION_TEXT, lead_units=[personas.outsider_unit])
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
