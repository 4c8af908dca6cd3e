"""model_update saves only what changed and records it once; the workflow table answers steps."""

from fazhi.audit.models import Event
from fazhi.core.workflow import Workflow
from fazhi.orgs.services import unit_update


def test_model_update_saves_only_changed_fields_with_one_event(personas, django_assert_num_queries):
    unit = personas.lead_unit
    before = unit.full_name
    with django_assert_num_queries(4):  # savepoint, UPDATE, event INSERT, release
        unit_update(unit=unit, full_name="濉溪县司法局（测试）", kind=unit.kind, by=personas.office)
    event = Event.objects.get(action="orgs.unit_update")
    assert event.data == {"changes": {"full_name": [before, "濉溪县司法局（测试）"]}}
    assert event.actor == personas.office and event.jurisdiction == personas.jurisdiction


def test_model_update_writes_nothing_when_nothing_changes(personas, django_assert_num_queries):
    unit = personas.lead_unit
    with django_assert_num_queries(0):
        unit_update(unit=unit, name=None, kind=unit.kind, is_active=True, by=personas.office)
    assert not Event.objects.exists()


def test_the_workflow_table_gives_targets_checks_and_refusals():
    table = Workflow({
        ("submit", "draft"): ("submitted", lambda who: None if who == "clerk" else "只有填报员可以报送"),
        ("accept", "submitted"): ("accepted", lambda who: None),
    })
    assert table.target("submit", "draft") == "submitted" and table.target("accept", "draft") is None
    assert table.reason_cannot("submit", "draft", "clerk", not_allowed="x") is None
    assert table.reason_cannot("submit", "draft", "leader", not_allowed="x") == "只有填报员可以报送"
    assert table.reason_cannot("accept", "draft", "office", not_allowed="不能审核草稿") == "不能审核草稿"
    assert table.actions_from("submitted") == ["accept"]
