"""UnitChannel moves to the notify app, keeping its rows.

Only the state forgets the model here; the table itself is renamed to the name Django gives
``notify.UnitChannel`` (``notify_unitchannel``) rather than pinning the new model to the old
``tracking_unitchannel``, so the model needs no ``db_table`` and the table says which app owns
it. ``notify.0001_initial`` then adds the model to notify's state without touching the
database, and depends on this migration so the table is renamed first. No other table has a
foreign key to it (the reminder ledger names channels by key), so nothing else moves.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("tracking", "0003_evidencefile_to_files"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="UnitChannel")],
            database_operations=[migrations.AlterModelTable(name="UnitChannel", table="notify_unitchannel")],
        ),
    ]
