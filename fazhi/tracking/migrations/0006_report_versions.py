"""Report versions: every saved state of a report's content is kept. Each existing report gets
one version holding its current content, with no writer (who wrote it before is not known)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

CONTENT_FIELDS = ["status", "unable_reason", "narrative", "actions_done", "next_steps", "problems", "percent"]


def current_content_keep(apps, schema_editor):
    ProgressReport = apps.get_model("tracking", "ProgressReport")
    ReportVersion = apps.get_model("tracking", "ReportVersion")
    batch = []
    for report in ProgressReport.objects.iterator():
        batch.append(ReportVersion(report_id=report.pk, number=report.version, at=report.updated_at,
                                   **{name: getattr(report, name) for name in CONTENT_FIELDS}))
        if len(batch) >= 500:
            ReportVersion.objects.bulk_create(batch)
            batch = []
    ReportVersion.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('tracking', '0005_period_snapshots'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='progressreport',
            name='written_by_outsider',
            field=models.BooleanField(default=False, help_text='单位以外的人（代填报的依法治县办）写过或改过报告内容；一旦为真不再改回', verbose_name='依法治县办代填'),
        ),
        migrations.CreateModel(
            name='ReportVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='版本')),
                ('status', models.CharField(choices=[('not_started', '未启动'), ('in_progress', '推进中'), ('done', '已完成'), ('unable', '无法完成')], max_length=15, verbose_name='进展')),
                ('unable_reason', models.TextField(blank=True, verbose_name='无法完成的原因')),
                ('narrative', models.TextField(blank=True, verbose_name='工作进展')),
                ('actions_done', models.JSONField(blank=True, default=list, verbose_name='已采取的措施')),
                ('next_steps', models.TextField(blank=True, verbose_name='下一步计划')),
                ('problems', models.TextField(blank=True, verbose_name='存在问题')),
                ('percent', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='完成进度（%）')),
                ('by_outsider', models.BooleanField(default=False, verbose_name='单位以外的人填写')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='时间')),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='填写人')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='tracking.progressreport')),
            ],
            options={
                'verbose_name': '报告版本',
                'verbose_name_plural': '报告版本',
                'ordering': ['report', 'number', 'id'],
                'constraints': [models.UniqueConstraint(fields=('report', 'number'), name='unique_report_version')],
            },
        ),
        migrations.RunPython(current_content_keep, migrations.RunPython.noop),
    ]
