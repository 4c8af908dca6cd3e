"""The 台账 re-import drafts move from the old ``reports`` app to ``plans``, the one ledger writer.

Drafts are short-lived (three days) and re-uploading one is cheap, so the old table is
dropped rather than copied.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0003_plan_texts_are_not_clipped'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS reports_ledgerimportdraft", migrations.RunSQL.noop),
        migrations.CreateModel(
            name='LedgerImportDraft',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source_name', models.CharField(max_length=255, verbose_name='文件名')),
                ('data', models.BinaryField(verbose_name='文件内容')),
                ('diff', models.JSONField(verbose_name='与方案的差异')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='上传时间')),
                ('applied_at', models.DateTimeField(blank=True, null=True, verbose_name='导入时间')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ledger_import_drafts', to='plans.plan', verbose_name='实施方案')),
                ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='上传人')),
            ],
            options={
                'verbose_name': '待确认的台账导入',
                'verbose_name_plural': '待确认的台账导入',
                'ordering': ['-created_at', '-id'],
            },
        ),
    ]
