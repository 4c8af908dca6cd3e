"""``EvidenceFile`` moves from tracking to the files app with its rows: the table is renamed
(``tracking_evidencefile`` → ``files_evidencefile``) and the model state is created here
without touching the data; ``tracking.0003`` drops it from tracking's state. The content type
keeps its id under the new app label, so admin permissions and history follow the model."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import fazhi.files.models


def content_type_move(apps, *, source: str, target: str) -> None:
    content_types = apps.get_model("contenttypes", "ContentType")
    if content_types.objects.filter(app_label=target, model="evidencefile").exists():
        return
    content_types.objects.filter(app_label=source, model="evidencefile").update(app_label=target)


def forwards(apps, schema_editor):
    content_type_move(apps, source="tracking", target="files")


def backwards(apps, schema_editor):
    content_type_move(apps, source="files", target="tracking")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('tracking', '0002_cadence_tracking_start'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE tracking_evidencefile RENAME TO files_evidencefile",
                    "ALTER TABLE files_evidencefile RENAME TO tracking_evidencefile",
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name='EvidenceFile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sha256', models.CharField(max_length=64, unique=True, verbose_name='摘要')),
                        ('file', models.FileField(max_length=200, upload_to=fazhi.files.models.evidence_upload_to, verbose_name='文件')),
                        ('original_name', models.CharField(max_length=255, verbose_name='原文件名')),
                        ('size', models.PositiveBigIntegerField(verbose_name='大小（字节）')),
                        ('content_type', models.CharField(max_length=100, verbose_name='类型')),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='上传时间')),
                        ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='上传人')),
                    ],
                    options={
                        'verbose_name': '佐证材料',
                        'verbose_name_plural': '佐证材料',
                        'ordering': ['-uploaded_at'],
                    },
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
