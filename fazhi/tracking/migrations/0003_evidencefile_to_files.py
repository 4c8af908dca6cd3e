"""The second half of moving ``EvidenceFile`` to the files app (see ``files.0001``): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tracking', '0002_cadence_tracking_start'),
        ('files', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='reportevidence',
                    name='evidence',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='report_links', to='files.evidencefile'),
                ),
                migrations.DeleteModel(name='EvidenceFile'),
            ],
        ),
    ]
