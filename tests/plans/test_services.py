from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import Event
from fazhi.orgs.models import Unit, UnitAlias
from fazhi.plans.models import Goal, Heading, PendingImport, Plan, Responsibility, Task
from fazhi.plans.services import PhraseDecision, pending_import_confirm, plan_import, plan_preview
from tests.plans.ledgers import departments_group, small_ledger


def _import(personas, **kwargs):
    kwargs.setdefault("ledger", small_ledger())
    kwargs.setdefault("source_sha256", "a" * 64)
    return plan_import(jurisdiction=personas.jurisdiction, source_name="plan.txt", by=personas.office, **kwargs)


def test_it_stores_headings_goals_and_plan_metadata(personas):
    plan = _import(personas)
    assert plan.title == "濉溪县法治政府建设实施方案（2021—2025年）"
    assert (plan.doc_number, plan.issued_on, plan.period_start, plan.period_end) == ("濉发〔2022〕15号", date(2022, 4, 11), 2021, 2025)
    assert plan.imported_ledger.ledger["tasks"][0]["seq"] == 1
    sub = Heading.objects.get(plan=plan, key="h1.1")
    assert sub.parent.key == "h1" and sub.level == 2
    goal = Goal.objects.get(plan=plan)
    assert goal.year == 2022
    assert [(t.subject, t.value, t.unit) for t in goal.targets.all()] == [("网上可办率", Decimal("95"), "%")]


def test_it_stores_tasks_with_annotation_lines_deadlines_and_targets(personas):
    plan = _import(personas)
    first = Task.objects.get(plan=plan, seq=1)
    assert first.heading.key == "h1.1"
    assert (first.line_start, first.line_end) == (12, 13)
    assert first.annotation.startswith("〔牵头县领导")
    assert [(d.kind, d.due_on) for d in first.deadlines.all()] == [("by", date(2023, 12, 31))]
    assert [(t.subject, t.comparator, t.value) for t in first.targets.all()] == [("报备率", ">=", Decimal("100"))]
    third = Task.objects.get(plan=plan, seq=3)
    assert [(d.kind, d.period) for d in third.deadlines.all()] == [("every", "year")]


def test_it_maps_phrases_and_keeps_unmatched_ones(personas):
    group = departments_group(personas)
    plan = _import(personas)
    rows = {
        (r.task.seq, r.role, r.phrase): (r.unit, r.group, r.leader, r.position)
        for r in Responsibility.objects.filter(task__plan=plan).select_related("task")
    }
    assert rows[(1, "leader", "钱程")] == (None, None, personas.leader, 0)
    assert rows[(1, "lead", "县司法局")] == (personas.lead_unit, None, None, 0)
    assert rows[(1, "co", "县财政局")] == (personas.co_unit, None, None, 0)
    assert rows[(1, "co", "县政府各部门")] == (None, group, None, 1)
    assert rows[(2, "lead", "县信访局")] == (None, None, None, 0)
    assert rows[(3, "leader", "王永涛")] == (None, None, None, 0)


def test_mapping_from_the_preview_overrides_the_directory(personas):
    group = departments_group(personas)
    plan = _import(personas, unit_mapping={"县信访局": personas.outsider_unit.pk, "县财政局": f"group:{group.pk}"},
                   leader_mapping={"王永涛": personas.leader.pk})
    lead2 = Responsibility.objects.get(task__plan=plan, task__seq=2, role="lead")
    assert lead2.unit == personas.outsider_unit
    assert Responsibility.objects.get(task__plan=plan, task__seq=3, role="lead").group == group
    assert Responsibility.objects.get(task__plan=plan, task__seq=3, role="leader").leader == personas.leader


def test_it_records_an_audit_event_with_unmatched_phrases(personas):
    plan = _import(personas)
    event = Event.objects.get(action="plan.import", target_id=str(plan.pk))
    assert event.actor == personas.office
    assert set(event.data["unmatched"]) == {"王永涛", "县信访局", "县政府各部门"}


def test_it_refuses_the_same_file_twice(personas):
    plan = _import(personas)
    with pytest.raises(ValidationError) as refused:
        _import(personas)
    assert f"导入为《{plan.title}》，无需重复导入" in refused.value.messages[0]
    assert Plan.objects.count() == 1


def test_a_race_on_the_unique_constraint_becomes_the_duplicate_message(personas):
    plan = _import(personas)
    with mock.patch("fazhi.plans.services.imports.duplicate_plan", side_effect=[None, plan]):
        with pytest.raises(ValidationError, match="无需重复导入"):
            _import(personas)
    assert Plan.objects.count() == 1


def test_a_failure_midway_stores_nothing(personas):
    with mock.patch("fazhi.plans.services.imports.Deadline.objects.bulk_create", side_effect=RuntimeError("disk full")):
        with pytest.raises(RuntimeError):
            _import(personas)
    assert not Plan.objects.exists() and not Task.objects.exists() and not Heading.objects.exists()
    assert not Event.objects.filter(action="plan.import").exists()


def test_preview_lists_each_phrase_with_its_match(personas):
    departments_group(personas)
    preview = plan_preview(jurisdiction=personas.jurisdiction, ledger=small_ledger())
    matches = {(row.kind, row.phrase): (row.matched, row.how) for row in preview.phrases}
    assert matches[("unit", "县司法局")] == (True, "exact")
    assert matches[("unit", "县政府各部门")] == (True, "group")
    assert matches[("unit", "县信访局")] == (False, "")
    assert matches[("leader", "王永涛")] == (False, "")
    assert [row.phrase for row in preview.unmatched] == ["县信访局", "王永涛"]
    assert preview.counts["tasks"] == 3 and preview.counts["unparsed"] == 1 and preview.counts["targets"] == 2
    assert preview.duplicate_of is None
    assert not Plan.objects.exists()


def test_preview_notices_a_file_already_imported(personas):
    plan = _import(personas)
    preview = plan_preview(jurisdiction=personas.jurisdiction, ledger=small_ledger(), source_sha256="a" * 64)
    assert preview.duplicate_of == plan


def _pending(personas):
    return PendingImport.objects.create(
        jurisdiction=personas.jurisdiction, uploaded_by=personas.office, source_name="plan.txt",
        sha256="b" * 64, ledger=small_ledger().to_dict(),
    )


def test_confirm_creates_units_and_remembers_aliases(personas):
    pending = _pending(personas)
    decisions = [
        PhraseDecision(phrase="县信访局", new_name="县信访局", new_kind="government"),
        PhraseDecision(phrase="县政府各部门", unit_id=personas.outsider_unit.pk, remember=True),
        PhraseDecision(phrase="王永涛", kind="leader", new_name="王永涛"),
    ]
    plan = pending_import_confirm(pending=pending, decisions=decisions, by=personas.office)
    new_unit = Unit.objects.get(jurisdiction=personas.jurisdiction, name="县信访局")
    assert Responsibility.objects.get(task__plan=plan, task__seq=2, role="lead").unit == new_unit
    assert UnitAlias.objects.filter(unit=personas.outsider_unit, text="县政府各部门").exists()
    assert Responsibility.objects.get(task__plan=plan, task__seq=3, role="leader").leader.name == "王永涛"
    pending.refresh_from_db()
    assert pending.plan == plan


def test_confirming_twice_returns_the_same_plan(personas):
    pending = _pending(personas)
    first = pending_import_confirm(pending=pending, decisions=[], by=personas.office)
    second = pending_import_confirm(pending=pending, decisions=[], by=personas.office)
    assert first == second and Plan.objects.count() == 1


def test_confirm_rolls_back_new_units_when_the_import_is_refused(personas):
    _import(personas, source_sha256="b" * 64)
    pending = _pending(personas)
    decisions = [PhraseDecision(phrase="县信访局", new_name="县信访局", new_kind="government")]
    with pytest.raises(ValidationError, match="无需重复导入"):
        pending_import_confirm(pending=pending, decisions=decisions, by=personas.office)
    assert not Unit.objects.filter(name="县信访局").exists()


def test_long_texts_are_stored_whole(personas):
    from fazhi.plans.models import Deadline, Heading, Responsibility, Target
    from fazhi.plans.parsing.ledger import Deadline as ParsedDeadline
    from fazhi.plans.parsing.ledger import Heading as ParsedHeading
    from fazhi.plans.parsing.ledger import Ledger, PlanMeta
    from fazhi.plans.parsing.ledger import Target as ParsedTarget
    from fazhi.plans.parsing.ledger import Task as ParsedTask
    from fazhi.plans.services import plan_import

    long_unit = "县" + "某某" * 150 + "局"
    long_title = "关于" + "进一步" * 200 + "的意见"
    ledger = Ledger(
        plan=PlanMeta(title=long_title),
        headings=[ParsedHeading(id="h1", level=1, number="一、", title=long_title)],
        tasks=[ParsedTask(seq=1, text="任务", heading="h1", lead_units=[long_unit],
                          deadlines=[ParsedDeadline(text=long_title, kind="ongoing")],
                          targets=[ParsedTarget(text=long_title, value=100, unit="%", subject=long_title)])],
    )
    plan = plan_import(jurisdiction=personas.jurisdiction, ledger=ledger, source_name="long.txt",
                       source_sha256="f" * 64, by=personas.office)
    assert plan.title == long_title
    assert Heading.objects.get(plan=plan).title == long_title
    assert Responsibility.objects.get(task__plan=plan, role="lead").phrase == long_unit
    assert Deadline.objects.get(task__plan=plan).text == long_title
    target = Target.objects.get(task__plan=plan)
    assert target.text == long_title and target.subject == long_title
