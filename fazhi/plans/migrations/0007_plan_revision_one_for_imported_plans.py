"""Revision 1 (the import) for every plan stored before revisions were kept."""

from django.db import migrations


def import_revisions(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    PlanRevision = apps.get_model("plans", "PlanRevision")
    for plan in Plan.objects.filter(revisions__isnull=True).iterator():
        PlanRevision.objects.create(
            plan=plan,
            number=1,
            by_id=plan.imported_by_id,
            at=plan.imported_at,
            reason="导入方案",
            summary={"import": {"source_name": plan.source_name, "tasks": plan.tasks.count()}, "tasks": []},
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0006_plan_revisions_task_state_archive")]

    operations = [migrations.RunPython(import_revisions, migrations.RunPython.noop)]
