"""A plan's short name: the office's own, else derived from place, title and years."""

import pytest

from fazhi.plans.naming import place_short, plan_short_name, title_topic, title_years
from tests.factories import JurisdictionFactory, PlanFactory


@pytest.mark.parametrize("title,place,start,end,expected", [
    # the two seeds, as the importer reads their titles
    ("濉溪县法治政府建设实施方案(2021—2025年)", "濉溪县", 2021, 2025, "濉溪·法治政府2021–2025"),
    ("屯溪区推进法治政府建设率先突破三年行动方案（2022－2024年）", "屯溪区", 2022, 2024, "屯溪·法治政府2022–2024"),
    # no 实施期 stored: the years come from the title
    ("屯溪区推进法治政府建设率先突破三年行动方案（2022－2024年）", "屯溪区", None, None, "屯溪·法治政府2022–2024"),
    # another topic; a two-character county keeps its 县
    ("萧县2023年普法依法治理工作要点", "萧县", 2023, 2023, "萧县·普法2023"),
    ("杜集区乡村振兴工作方案（2023-2025年）", "杜集区", None, None, "杜集·乡村振兴2023–2025"),
])
def test_derived_short_names(title, place, start, end, expected):
    assert plan_short_name(title=title, jurisdiction_name=place, period_start=start, period_end=end) == expected


def test_the_pieces():
    assert place_short("濉溪县") == "濉溪" and place_short("萧县") == "萧县" and place_short("") == ""
    assert title_years("实施方案（2021-2025年）") == (2021, 2025) and title_years("实施方案") is None
    assert title_topic("关于印发《某某县营商环境优化三年行动方案》的通知", ("某某县",)) == "营商环境优化"


@pytest.mark.django_db
def test_the_office_short_name_wins_over_the_derived_one():
    county = JurisdictionFactory(name="濉溪县", short_name="县")
    plan = PlanFactory(jurisdiction=county, title="濉溪县法治政府建设实施方案(2021—2025年)", period_start=2021,
                       period_end=2025)
    assert plan.display_short_name == "濉溪·法治政府2021–2025"
    plan.short_name = "濉溪五年方案"
    assert plan.display_short_name == "濉溪五年方案"
