"""The 工作日历 screens: the list of years with where each comes from, the paste-and-preview and
grid entry of one year, read-only for offices that do not keep the calendar."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from fazhi.notify.models import Notice
from fazhi.workcal.models import CalendarDay, CalendarYear
from fazhi.workcal.services import calendar_day_set
from tests.factories import (
    JurisdictionFactory,
    OfficeFactory,
    PlanFactory,
    TaskFactory,
    UnitFactory,
    period_of,
    tracking_started,
)

NOTICE_2027 = (Path(__file__).parents[1] / "fixtures/calendar/notice-2027.txt").read_text(encoding="utf-8")


@pytest.fixture
def office(client, personas):
    client.force_login(personas.office)
    return client


def test_the_list_says_where_each_year_comes_from(office, personas, monkeypatch):
    monkeypatch.setattr("fazhi.workcal.views.timezone.localdate", lambda: date(2026, 12, 2))  # lists 2025–2027
    CalendarYear.objects.create(year=2028, complete=True, note="国办发明电〔2027〕1号")
    page = office.get(reverse("workcal:years")).content.decode()
    assert 'data-year="2026"' in page and "已录入（系统内置）" in page
    assert 'data-year="2027"' in page and "未录入 · 暂定" in page
    assert 'data-year="2028"' in page and "已录入（本地录入）" in page and "国办发明电〔2027〕1号" in page
    assert "/admin/" not in page


def test_another_year_is_opened_from_the_list_and_a_bad_one_is_explained(office):
    assert office.get(reverse("workcal:years"), {"year": "2029"})["Location"] == reverse("workcal:year", args=[2029])
    page = office.get(reverse("workcal:years"), {"year": "二〇二九"}, follow=True).content.decode()
    assert "年份应为 2000 至 2100 之间的四位数字，如 2027" in page


def test_pasting_the_notice_shows_a_preview_with_the_days_ticked(office):
    response = office.post(reverse("workcal:year", args=[2027]), {"action": "preview", "notice": NOTICE_2027})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="preview"' in page and "国办发明电〔2026〕9号" in page
    assert "2月5日 – 2月12日" in page and '<span class="makeup">1月31日</span><span class="makeup">2月20日</span>' in page
    assert 'value="2027-02-08" checked' in page  # 春节, a Monday
    assert 'value="2027-02-20" checked' in page  # 调休 Saturday
    assert 'value="2027-03-01" checked' not in page
    assert not CalendarYear.objects.exists()  # a preview saves nothing


def test_a_malformed_notice_is_explained_and_the_text_kept(office):
    text = "一、春节：2月15日至23日放假调休，共8天。"
    response = office.post(reverse("workcal:year", args=[2027]), {"action": "preview", "notice": text})
    page = response.content.decode()
    assert response.status_code == 400
    assert "“春节”一项写明共8天，但2月15日至2月23日是9天，请核对" in page and text in page


def test_saving_the_ticked_days_enters_the_year_and_confirms_due_dates(office, personas):
    plan = PlanFactory(jurisdiction=personas.jurisdiction, issued_on=date(2026, 10, 1), period_start=2026)
    TaskFactory(plan=plan, seq=1, lead_units=[personas.lead_unit], ongoing=True)
    tracking_started(plan, through=date(2026, 12, 31), by=personas.office)
    days = ["2027-01-01", "2027-02-05", "2027-02-08", "2027-02-20"]
    response = office.post(reverse("workcal:year", args=[2027]), {
        "action": "save", "flip": days, "note": "国办发明电〔2026〕9号", "notice": NOTICE_2027}, follow=True)
    page = response.content.decode()
    assert "已保存2027年工作日历（放假的工作日 3 天、调休上班日 1 天），该年已标记为已录入" in page
    assert "已重算 3 个暂定的报送截止日，并通知了 1 个单位" in page
    assert CalendarYear.objects.get(year=2027).note == "国办发明电〔2026〕9号"
    assert dict(CalendarDay.objects.values_list("day", "note"))[date(2027, 2, 20)] == "春节调休上班"
    assert period_of(plan, "quarter", "2026-10-01").due_on == date(2027, 1, 8)
    assert Notice.objects.filter(recipient_unit=personas.lead_unit, kind=Notice.Kind.DUE_DATE).exists()


def test_a_bad_date_in_the_grid_is_explained_and_nothing_saved(office):
    response = office.post(reverse("workcal:year", args=[2027]), {"action": "save", "flip": ["2027-02-30"]})
    assert response.status_code == 400 and "“2027-02-30”不是日期，请重新勾选" in response.content.decode()
    assert not CalendarYear.objects.exists()


def test_a_built_in_year_opens_with_its_national_days_ticked(office):
    page = office.get(reverse("workcal:year", args=[2026])).content.decode()
    assert "已录入（系统内置）" in page
    assert 'value="2026-02-16" checked' in page and 'value="2026-02-14" checked' in page


def test_local_overrides_show_on_the_grid(office, personas):
    calendar_day_set(day=date(2026, 3, 2), is_workday=False, note="县庆", by=personas.office)
    page = office.get(reverse("workcal:year", args=[2026])).content.decode()
    assert 'value="2026-03-02" checked' in page and "县庆" in page


def test_an_office_below_another_office_reads_the_calendar_without_forms(client, personas):
    city = JurisdictionFactory(name="淮北市")
    OfficeFactory(username="huaibei_office", jurisdiction=city)
    county_office = OfficeFactory(username="xiangshan", jurisdiction=JurisdictionFactory(name="相山区", parent=city))
    client.force_login(county_office)
    page = client.get(reverse("workcal:year", args=[2026])).content.decode()
    assert 'id="paste"' not in page and "保存并标记为已录入" not in page and "disabled" in page
    assert "查看" in client.get(reverse("workcal:years")).content.decode()
    response = client.post(reverse("workcal:year", args=[2027]), {"action": "save", "flip": ["2027-02-08"]})
    assert response.status_code == 403 and not CalendarYear.objects.exists()


def test_clerks_do_not_open_the_calendar(client, personas):
    client.force_login(personas.lead_clerk)
    assert client.get(reverse("workcal:years")).status_code == 403


def test_the_periods_page_links_the_year_to_enter_not_the_admin(office, personas):
    plan = PlanFactory(jurisdiction=personas.jurisdiction, issued_on=date(2026, 10, 1), period_start=2026)
    TaskFactory(plan=plan, seq=1, lead_units=[personas.lead_unit], ongoing=True)
    tracking_started(plan, through=date(2026, 12, 31), by=personas.office)
    page = office.get(reverse("tracking:periods", args=[plan.pk])).content.decode()
    assert reverse("workcal:year", args=[2027]) in page and "/admin/" not in page
    assert reverse("tracking:cadence", args=[plan.pk]) in page


def test_the_calendar_pages_cost_a_few_queries(office, django_assert_max_num_queries):
    for year in (2027, 2028, 2029):
        CalendarYear.objects.create(year=year, complete=True)
    with django_assert_max_num_queries(10):  # constant: not one per year
        office.get(reverse("workcal:years"))
    with django_assert_max_num_queries(8):
        office.get(reverse("workcal:year", args=[2026]))


def test_the_preview_shows_warnings_that_do_not_stop_saving(office):
    text = ("国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日放假，与周末连休。\n"
            "二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）、2月24日（星期六）上班。")
    page = office.post(reverse("workcal:year", args=[2024]), {"action": "preview", "notice": text}).content.decode()
    assert 'id="warnings"' in page
    assert "通知标题是2026年的节假日安排，您正在录入2024年，请确认没有选错年份" in page
    assert "2月18日至2月24日连续上班7天，超过6天，请核对调休安排" in page
    assert "保存并标记为已录入" in page


def test_the_units_of_another_jurisdiction_told_are_counted_apart(office, personas):
    other = JurisdictionFactory(name="屯溪区")
    for jurisdiction, unit in ((personas.jurisdiction, personas.lead_unit),
                               (other, UnitFactory(jurisdiction=other, name="区司法局"))):
        plan = PlanFactory(jurisdiction=jurisdiction, issued_on=date(2026, 10, 1), period_start=2026)
        TaskFactory(plan=plan, seq=1, lead_units=[unit], ongoing=True)
        tracking_started(plan, through=date(2026, 12, 31))
    page = office.post(reverse("workcal:year", args=[2027]), {"action": "save", "flip": ["2027-01-01"]},
                       follow=True).content.decode()
    assert "已重算 6 个暂定的报送截止日，并通知了本辖区 1 个单位、其他辖区 1 个单位" in page
