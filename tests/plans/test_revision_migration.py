"""Plans imported before revisions were kept get revision 1, the import, from the data migration."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fazhi.plans.models import PlanRevision


def _around_the_backfill() -> tuple:
    """(the migration before the backfill, the latest ones), found by name so that re-chaining
    the plans migrations at merge leaves this test alone."""
    graph = MigrationExecutor(connection).loader.graph
    [backfill] = [key for key in graph.nodes if key[0] == "plans" and key[1].endswith("_plan_revision_one_for_imported_plans")]
    [before] = graph.node_map[backfill].parents
    return before.key, graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_plan_imported_before_revisions_gets_revision_one(personas):
    before, latest = _around_the_backfill()
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old_apps = executor.loader.project_state([before]).apps
    plan = old_apps.get_model("plans", "Plan").objects.create(
        jurisdiction_id=personas.jurisdiction.pk, title="濉溪县法治政府建设实施方案", source_name="方案.docx",
        imported_by_id=personas.office.pk)
    old_apps.get_model("plans", "Task").objects.create(plan=plan, seq=1, text="完善行政规范性文件备案审查制度。")

    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    revision = PlanRevision.objects.get(plan_id=plan.pk)
    assert (revision.number, revision.reason, revision.by_id) == (1, "导入方案", personas.office.pk)
    assert revision.summary["import"] == {"source_name": "方案.docx", "tasks": 1}
    assert revision.at == plan.imported_at
