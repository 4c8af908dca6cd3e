"""Reading the 国务院办公厅 holiday notice: the real wording of the 2024, 2025 and 2026 notices
(checked against the chinese-calendar package, which carries those years), a 2027 notice in the
same format, and broken texts that must fail with a clear Chinese message."""

from datetime import date
from pathlib import Path

import chinese_calendar
import pytest

from fazhi.workcal.notice import NoticeError, notice_parse, schedule_flips, schedule_warnings

NOTICES = Path(__file__).parents[1] / "fixtures/calendar"


def notice(year: int) -> str:
    return (NOTICES / f"notice-{year}.txt").read_text(encoding="utf-8")


def d(text: str) -> date:
    return date.fromisoformat(text)


EXPECTED = {
    2025: {
        "holidays": [("元旦", "2025-01-01", "2025-01-01"), ("春节", "2025-01-28", "2025-02-04"),
                     ("清明节", "2025-04-04", "2025-04-06"), ("劳动节", "2025-05-01", "2025-05-05"),
                     ("端午节", "2025-05-31", "2025-06-02"), ("国庆节、中秋节", "2025-10-01", "2025-10-08")],
        "workdays": ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
        "doc_number": "国办发明电〔2024〕12号",
    },
    2026: {
        "holidays": [("元旦", "2026-01-01", "2026-01-03"), ("春节", "2026-02-15", "2026-02-23"),
                     ("清明节", "2026-04-04", "2026-04-06"), ("劳动节", "2026-05-01", "2026-05-05"),
                     ("端午节", "2026-06-19", "2026-06-21"), ("中秋节", "2026-09-25", "2026-09-27"),
                     ("国庆节", "2026-10-01", "2026-10-07")],
        "workdays": ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
        "doc_number": "国办发明电〔2025〕7号",
    },
    2024: {
        "holidays": [("元旦", "2024-01-01", "2024-01-01"), ("春节", "2024-02-10", "2024-02-17"),
                     ("清明节", "2024-04-04", "2024-04-06"), ("劳动节", "2024-05-01", "2024-05-05"),
                     ("端午节", "2024-06-10", "2024-06-10"), ("中秋节", "2024-09-15", "2024-09-17"),
                     ("国庆节", "2024-10-01", "2024-10-07")],
        "workdays": ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14",
                     "2024-09-29", "2024-10-12"],
        "doc_number": "国办发明电〔2023〕7号",
    },
}


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_it_reads_the_holidays_and_make_up_days_of_a_real_notice(year):
    schedule = notice_parse(notice(year), year=year)
    expected = EXPECTED[year]
    assert [(h.name, h.first, h.last) for h in schedule.holidays] == [
        (name, d(first), d(last)) for name, first, last in expected["holidays"]]
    assert [w.day for w in schedule.workdays] == [d(x) for x in expected["workdays"]]
    assert schedule.doc_number == expected["doc_number"]
    assert schedule.warnings == []


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_its_flips_give_the_same_workdays_as_the_national_package(year):
    flips = schedule_flips(notice_parse(notice(year), year=year))
    day = date(year, 1, 1)
    while day.year == year:
        works = (day.weekday() >= 5) if day in flips else (day.weekday() < 5)
        assert works == chinese_calendar.is_workday(day), day
        day = date.fromordinal(day.toordinal() + 1)


def test_flips_are_weekday_holidays_and_weekend_workdays_with_their_holiday_named():
    flips = schedule_flips(notice_parse(notice(2026), year=2026))
    assert flips[d("2026-02-16")] == (False, "春节放假")
    assert flips[d("2026-02-14")] == (True, "春节调休上班")
    assert d("2026-02-15") not in flips  # a Sunday: a rest day without an entry
    assert sum(not works for works, _note in flips.values()) == 19
    assert sum(works for works, _note in flips.values()) == 6


def test_a_2027_notice_in_the_same_format_is_read():
    schedule = notice_parse(notice(2027), year=2027)
    assert [(h.name, h.first, h.last) for h in schedule.holidays][1] == ("春节", d("2027-02-05"), d("2027-02-12"))
    assert [w.day for w in schedule.workdays] == [d(x) for x in (
        "2027-01-31", "2027-02-20", "2027-04-25", "2027-05-08", "2027-09-26", "2027-10-09")]
    assert schedule_warnings(2027, schedule_flips(schedule)) == []


def test_the_item_of_the_brief_alone_is_enough():
    text = ("一、元旦：1月1日（周四）放假1天，不调休。二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）"
            "放假调休，共9天。2月14日（周六）、2月28日（周六）上班。")
    schedule = notice_parse(text, year=2026)
    assert [(h.first, h.last) for h in schedule.holidays] == [(d("2026-01-01"), d("2026-01-01")),
                                                              (d("2026-02-15"), d("2026-02-23"))]
    assert [w.day for w in schedule.workdays] == [d("2026-02-14"), d("2026-02-28")]


def test_a_notice_of_another_year_warns_and_its_weekdays_do_not_match():
    with pytest.raises(NoticeError) as refused:
        notice_parse(notice(2026), year=2027)
    assert "2027年1月1日是周五，通知写的是周四，请核对年份是否选对" in refused.value.messages[0]


def test_a_notice_titled_for_another_year_warns_even_when_it_parses():
    text = "国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日放假，与周末连休。"
    schedule = notice_parse(text, year=2024)
    assert schedule.warnings == ["通知标题是2026年的节假日安排，您正在录入2024年，请确认没有选错年份"]


@pytest.mark.parametrize(("text", "message"), [
    ("请各单位做好值班安排。", "没有找到“一、元旦：1月1日放假……”这样的节日条目，请粘贴国务院办公厅通知的正文"),
    ("一、春节：2月15日至23日放假调休，共8天。", "“春节”一项写明共8天，但2月15日至2月23日是9天，请核对"),
    ("一、春节：2月23日至15日放假调休。", "“春节”一项的放假日期2月23日至2月15日前后颠倒，请核对"),
    ("一、春节：2月30日放假。", "“春节”一项的“2月30日”不是有效日期，请核对"),
    ("一、国庆节：10月1日至20日放假。", "“国庆节”一项放假20天，超过10天，请核对起止日期"),
    ("一、春节：2月15日至23日放假调休，共9天。2月11日（周三）上班。",
     "“春节”一项的调休上班日2月11日是周三，不是周末，请核对"),
    ("一、春节：2月15日至23日放假调休，共9天。2月21日（周六）上班。",
     "2月21日既在“春节”放假期间，又被列为调休上班日，请核对"),
    ("一、元旦：另行通知。", "“元旦”一项没有写“放假”，找不到放假日期，请核对"),
    ("一、元旦：放假1天。", "“元旦”一项没有找到放假日期，请核对"),
])
def test_a_malformed_notice_fails_with_a_clear_message(text, message):
    with pytest.raises(NoticeError) as refused:
        notice_parse(text, year=2026)
    assert message in refused.value.messages


def test_more_than_six_workdays_in_a_row_is_a_warning():
    # Sunday 2026-03-01 as a workday joins 2/24–2/28 (the 28th a 调休 Saturday) to the next week.
    flips = schedule_flips(notice_parse(notice(2026), year=2026))
    flips[d("2026-03-01")] = (True, "")
    assert schedule_warnings(2026, flips) == ["2月24日至3月6日连续上班11天，超过6天，请核对调休安排"]


def test_a_holiday_starting_in_the_year_before_is_read_and_its_earlier_day_left_out():
    schedule = notice_parse(notice(2023), year=2023)
    assert (schedule.holidays[0].first, schedule.holidays[0].last) == (d("2022-12-31"), d("2023-01-02"))
    assert schedule.warnings == ["2022年12月31日不在2023年，本次不录入；如需调整，请在该年的日历中录入"]
    assert min(schedule_flips(schedule)) == d("2023-01-02")


def test_text_pasted_from_a_web_page_with_indents_and_ascii_punctuation_is_read():
    text = ("\u3000\u3000一、元旦: 1月1日(周四)至3日(周六)放假调休,共3天。1月4日(周日)上班。\r\n"
            "\u3000\u3000二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共９天。\r\n")
    schedule = notice_parse(text, year=2026)
    assert [(h.name, h.first, h.last) for h in schedule.holidays] == [
        ("元旦", d("2026-01-01"), d("2026-01-03")), ("春节", d("2026-02-15"), d("2026-02-23"))]
    assert [w.day for w in schedule.workdays] == [d("2026-01-04")]
