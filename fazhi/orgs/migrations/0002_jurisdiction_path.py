"""Jurisdiction.path: the ids from the root down ("/1/5/23/"), filled for the existing rows."""

from django.db import migrations, models


def fill_paths(apps, schema_editor):
    Jurisdiction = apps.get_model("orgs", "Jurisdiction")
    parents = dict(Jurisdiction.objects.values_list("pk", "parent_id"))
    paths: dict[int, str] = {}

    def path_of(pk: int) -> str:
        chain = []
        while pk is not None and pk not in paths:
            if pk in chain:
                raise ValueError(f"jurisdiction {pk} is its own ancestor; fix its parent before migrating")
            chain.append(pk)
            pk = parents[pk]
        prefix = paths[pk] if pk is not None else "/"
        for link in reversed(chain):
            prefix = paths[link] = f"{prefix}{link}/"
        return prefix

    rows = list(Jurisdiction.objects.only("pk"))
    for row in rows:
        row.path = path_of(row.pk)
    Jurisdiction.objects.bulk_update(rows, ["path"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="jurisdiction",
            name="path",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255, verbose_name="层级路径"),
        ),
        migrations.RunPython(fill_paths, migrations.RunPython.noop),
    ]
