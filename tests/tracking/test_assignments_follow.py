"""Assignments follow the ledger and the directory: a unit that is deactivated, by the directory
screens or any other path, gets no more cards, reminders or 催办, and its history stays."""

import io
from datetime import date

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.lib.workdays import WorkCalendar
from fazhi.orgs.excel import directory_export
from fazhi.orgs.services import unit_update
from fazhi.tracking.models import Assignment
from fazhi.tracking.reminders import reminders_run
from tests.tracking.domain_helpers import add_task, make_plan, start_tracking

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DUE_SOON = date(2022, 8, 3)  # July's 调度 is due on 5 August 2022


def _tracked_plan(personas):
    for clerk, email in ((personas.lead_clerk, "sfj@suixi.gov.cn"), (personas.co_clerk, "czj@suixi.gov.cn")):
        clerk.email = email
        clerk.save()
    plan = make_plan(personas)
    add_task(plan, 1, lead=personas.lead_unit, co=[personas.co_unit], deadlines=[("by", "2022-12-31", "")])
    start_tracking(plan, personas, through=date(2022, 7, 31))
    return plan


def _directory_with_unit_inactive(personas, unit) -> bytes:
    workbook = load_workbook(io.BytesIO(directory_export(personas.jurisdiction)))
    sheet = workbook["单位"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == unit.name:
            row[header.index("启用")].value = "否"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _reached(unit, today) -> bool:
    return any(d.unit == unit for d in reminders_run(today=today, calendar=WorkCalendar(), dry_run=True))


def test_a_unit_deactivated_by_the_directory_import_has_no_active_assignment_and_no_reminder(client, personas):
    plan = _tracked_plan(personas)
    assert _reached(personas.co_unit, DUE_SOON)

    client.force_login(personas.office)
    upload = SimpleUploadedFile("单位名录.xlsx", _directory_with_unit_inactive(personas, personas.co_unit), XLSX)
    response = client.post(reverse("orgs:import"), {"workbook": upload})
    assert response.status_code == 302

    assert not Assignment.objects.filter(task__plan=plan, unit=personas.co_unit, is_active=True).exists()
    assert Assignment.objects.filter(task__plan=plan, unit=personas.co_unit).exists()  # history stays
    assert not _reached(personas.co_unit, DUE_SOON)
    assert _reached(personas.lead_unit, DUE_SOON)


def test_the_hourly_run_ends_assignments_of_a_unit_deactivated_elsewhere(personas, capsys):
    plan = _tracked_plan(personas)
    unit_update(unit=personas.co_unit, is_active=False, by=None)  # e.g. an administrator's edit

    call_command("remind", today=DUE_SOON.isoformat())

    assert "停止 1" in capsys.readouterr().out
    assert not Assignment.objects.filter(task__plan=plan, unit=personas.co_unit, is_active=True).exists()
    assert not [m for m in mail.outbox if "czj@suixi.gov.cn" in m.to]


def test_reactivating_the_unit_brings_its_assignment_back(personas):
    plan = _tracked_plan(personas)
    unit_update(unit=personas.co_unit, is_active=False, by=None)
    call_command("remind", today=DUE_SOON.isoformat())
    unit_update(unit=personas.co_unit, is_active=True, by=None)
    call_command("remind", today=DUE_SOON.isoformat())
    assert Assignment.objects.get(task__plan=plan, unit=personas.co_unit).is_active
