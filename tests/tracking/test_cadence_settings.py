"""报送周期设置: the office edits a plan's cadence on a screen (no admin), dates as ISO values."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from fazhi.audit.models import Event
from fazhi.tracking.forms import CadenceForm
from fazhi.tracking.models import Period, ReportingCadence
from fazhi.tracking.services import cadence_settings_save
from fazhi.tracking.services.periods import CADENCE_FIELDS
from fazhi.tracking.views.office import TrackingStartForm
from tests.factories import PlanFactory, TaskFactory, tracking_started


@pytest.fixture
def plan(personas):
    plan = PlanFactory(jurisdiction=personas.jurisdiction, issued_on=date(2026, 10, 1), period_start=2026)
    TaskFactory(plan=plan, seq=1, lead_units=[personas.lead_unit], ongoing=True)
    tracking_started(plan, through=date(2026, 11, 15), by=personas.office)
    return plan


def form_data(plan, **changes):
    cadence = ReportingCadence.objects.get_or_create(plan=plan)[0]
    data = {}
    for name in CADENCE_FIELDS:
        value = getattr(cadence, name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def test_the_form_has_every_cadence_field_so_a_new_one_is_one_line():
    assert list(CadenceForm.base_fields) == CADENCE_FIELDS


@pytest.mark.parametrize("form", [lambda: CadenceForm(instance=ReportingCadence(tracking_start=date(2026, 10, 1))),
                                  lambda: TrackingStartForm(initial={"tracking_start": date(2026, 10, 1)})])
def test_date_inputs_carry_iso_values_whatever_the_locale(form):
    with translation.override("zh-hans"):
        html = str(form()["tracking_start"])
    assert 'type="date"' in html and 'value="2026-10-01"' in html


def test_saving_the_settings_records_them_and_generates_periods(client, personas, plan):
    client.force_login(personas.office)
    response = client.post(reverse("tracking:cadence", args=[plan.pk]),
                           form_data(plan, monthly=None, quarterly_due_workdays="7", behind_threshold="20"),
                           follow=True)
    assert "已保存报送周期设置，并生成至今的报送周期" in response.content.decode()
    cadence = ReportingCadence.objects.get(plan=plan)
    assert (cadence.monthly, cadence.quarterly_due_workdays, cadence.behind_threshold) == (False, 7, 20)
    event = Event.objects.filter(action="cadence.update").latest("pk")
    assert event.data == {"monthly": False, "quarterly_due_workdays": 7, "behind_threshold": 20}


def test_moving_the_tracking_start_earlier_generates_the_earlier_periods(personas, plan):
    cadence_settings_save(plan=plan, by=personas.office, today=date(2026, 11, 15), tracking_start=date(2026, 7, 1))
    assert Period.objects.filter(plan=plan, kind="month", start=date(2026, 7, 1)).exists()


def test_a_tracking_end_before_the_start_is_refused_on_the_field(client, personas, plan):
    client.force_login(personas.office)
    response = client.post(reverse("tracking:cadence", args=[plan.pk]), form_data(plan, tracking_end="2026-01-31"))
    assert response.status_code == 400
    assert "调度截止日期不能早于开始调度日期（2026-10-01）" in response.content.decode()
    assert ReportingCadence.objects.get(plan=plan).tracking_end is None


def test_a_bad_number_is_refused_and_nothing_changes(client, personas, plan):
    client.force_login(personas.office)
    response = client.post(reverse("tracking:cadence", args=[plan.pk]), form_data(plan, monthly_due_workdays="-3"))
    assert response.status_code == 400
    assert ReportingCadence.objects.get(plan=plan).monthly_due_workdays == 5


def test_clerks_and_other_counties_do_not_open_the_settings(client, personas, plan, other_county_office):
    for user in (personas.lead_clerk, other_county_office):
        client.force_login(user)
        assert client.get(reverse("tracking:cadence", args=[plan.pk])).status_code in (403, 404)
