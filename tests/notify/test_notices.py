"""In-app notices: one recipient, read once for the unit, by its recipients only, with audit events."""

import pytest
from django.core.exceptions import PermissionDenied

from fazhi.audit.models import Event
from fazhi.notify.models import Notice
from fazhi.notify.services import notice_create, notice_mark_read, notices_for


def _urge_notice(personas, unit=None):
    return notice_create(kind=Notice.Kind.URGE, unit=unit or personas.lead_unit, title="【催办】县司法局法治政府建设任务",
                         text="请尽快办理", link="/tracking/", by=personas.office)


def test_a_unit_notice_reaches_its_clerks_only(personas):
    notice = _urge_notice(personas)
    assert list(notices_for(personas.lead_clerk)) == [notice]
    assert not notices_for(personas.co_clerk).exists() and not notices_for(personas.office).exists()
    event = Event.objects.get(action="notice.create")
    assert event.actor == personas.office and event.jurisdiction == personas.jurisdiction


def test_a_notice_goes_to_exactly_one_unit_or_user(personas):
    with pytest.raises(ValueError):
        notice_create(kind=Notice.Kind.URGE, title="x", by=personas.office)
    with pytest.raises(ValueError):
        notice_create(kind=Notice.Kind.URGE, title="x", unit=personas.lead_unit, user=personas.lead_clerk,
                      by=personas.office)
    notice = notice_create(kind=Notice.Kind.URGE, title="x", user=personas.co_clerk, by=personas.office)
    assert list(notices_for(personas.co_clerk)) == [notice]


def test_marking_read_is_recorded_once_and_only_by_a_recipient(personas):
    notice = _urge_notice(personas)
    with pytest.raises(PermissionDenied):
        notice_mark_read(notice=notice, by=personas.co_clerk)
    notice_mark_read(notice=notice, by=personas.lead_clerk)
    first = notice.read_at
    notice_mark_read(notice=notice, by=personas.lead_clerk)
    notice.refresh_from_db()
    assert notice.read_at == first and notice.read_by == personas.lead_clerk
    assert Event.objects.filter(action="notice.read").count() == 1
