"""UnitChannel moved from tracking to notify: the rows, the table and the content type come along."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fazhi.notify.models import UnitChannel


def _around_the_move() -> tuple:
    """(the migration just before the move, the latest ones), found by name so that re-chaining
    tracking's migrations leaves this test alone."""
    graph = MigrationExecutor(connection).loader.graph
    [move] = [key for key in graph.nodes if key[0] == "tracking" and key[1].endswith("_unitchannel_to_notify")]
    [before] = graph.node_map[move].parents
    return before.key, graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_channels_configured_before_the_move_are_still_there_after_it(personas):
    content_type = ContentType.objects.get_for_model(UnitChannel)
    before, latest = _around_the_move()
    executor = MigrationExecutor(connection)
    executor.migrate([before])  # also takes notify.0001 back: it depends on the move
    old_apps = executor.loader.project_state([before]).apps
    assert ContentType.objects.get(pk=content_type.pk).app_label == "tracking"
    old_channel = old_apps.get_model("tracking", "UnitChannel")
    assert old_channel._meta.db_table == "tracking_unitchannel"
    old_channel.objects.create(unit_id=personas.lead_unit.pk, kind="dingtalk", target="https://oapi.dingtalk.com/r",
                               secret="SEC1")

    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    assert list(UnitChannel.objects.values_list("unit", "kind", "target", "secret", "enabled")) == [
        (personas.lead_unit.pk, "dingtalk", "https://oapi.dingtalk.com/r", "SEC1", True)]
    assert "tracking_unitchannel" not in connection.introspection.table_names()
    assert ContentType.objects.get(pk=content_type.pk).app_label == "notify"
