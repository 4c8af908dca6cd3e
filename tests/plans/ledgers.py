"""A small ledger as the parser hands it over (the importer's input, not database rows), and the
directory group its “县政府各部门” phrase stands for."""

from datetime import date

from fazhi.orgs.models import UnitGroup
from fazhi.plans.parsing.ledger import Deadline, Goal, Heading, Ledger, PlanMeta, Target, Task, Unparsed
from tests.factories import UnitGroupFactory


def small_ledger(*, title: str = "濉溪县法治政府建设实施方案（2021—2025年）", period_end: int = 2025) -> Ledger:
    return Ledger(
        plan=PlanMeta(title=title, issuers=["中共濉溪县委", "濉溪县人民政府"], doc_number="濉发〔2022〕15号",
                      issued_on=date(2022, 4, 11), period_start=2021, period_end=period_end),
        headings=[
            Heading(id="h1", level=1, number="一、", title="健全政府机构职能体系", line=10),
            Heading(id="h1.1", level=2, number="（一）", title="推进政府机构职能优化", parent="h1", line=11),
            Heading(id="h2", level=1, number="二、", title="健全依法行政制度体系", line=20),
        ],
        goals=[Goal(text="2022年为强基固本年，网上可办率不低于95%", year=2022, line=5,
                    targets=[Target(text="网上可办率不低于95%", value=95, unit="%", subject="网上可办率")])],
        tasks=[
            Task(seq=1, number="1", heading="h1.1", text="完善行政规范性文件备案审查制度。",
                 lead_leaders=["钱程"], lead_units=["县司法局"], co_units=["县财政局", "县政府各部门"],
                 deadlines=[Deadline(text="2023年年底前", kind="by", date=date(2023, 12, 31))],
                 targets=[Target(text="报备率达100%", value=100, unit="%", subject="报备率")],
                 lines=(12, 13), annotation="〔牵头县领导：钱程；牵头责任单位：县司法局；协同责任单位：县财政局、县政府各部门〕"),
            Task(seq=2, heading="h2", text="加强行政调解工作。", lead_units=["县信访局"], co_units=["县司法局"],
                 deadlines=[Deadline(text="长期坚持", kind="ongoing")], lines=(21, 21)),
            Task(seq=3, heading="h2", text="推进政务公开。", lead_leaders=["王永涛"], lead_units=["县财政局"],
                 deadlines=[Deadline(text="每年", kind="every", period="year")], lines=(22, 22)),
        ],
        unparsed=[Unparsed(line=30, text="（此件公开发布）", reason="not a task")],
    )


def departments_group(personas) -> UnitGroup:
    return UnitGroupFactory(jurisdiction=personas.jurisdiction, phrase="县政府各部门",
                            members=[personas.co_unit, personas.outsider_unit])
