"""Period snapshots become an append-only table of frozen colours. What a locked period kept in
``Period.snapshot`` (its reports as text) is copied into a ``legacy`` snapshot before the field
goes; the colours of periods closed before this version are frozen by the next ``fazhi remind``
(``periods_snapshot_missing``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def legacy_snapshots_copy(apps, schema_editor):
    import hashlib
    import json

    Period = apps.get_model("tracking", "Period")
    PeriodSnapshot = apps.get_model("tracking", "PeriodSnapshot")
    for period in Period.objects.exclude(snapshot={}).iterator():
        payload = {"period": period.pk, "legacy_lock_snapshot": period.snapshot,
                   "as_of": (period.locked_at.date() if period.locked_at else period.end).isoformat()}
        canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        PeriodSnapshot.objects.create(period=period, reason="legacy", payload=payload, by_id=period.locked_by_id,
                                      sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest())


def legacy_snapshots_restore(apps, schema_editor):
    Period = apps.get_model("tracking", "Period")
    for snapshot in apps.get_model("tracking", "PeriodSnapshot").objects.filter(reason="legacy"):
        Period.objects.filter(pk=snapshot.period_id).update(snapshot=snapshot.payload["legacy_lock_snapshot"])


class Migration(migrations.Migration):

    dependencies = [
        ('tracking', '0004_unitchannel_to_notify'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='period',
            name='due_on_provisional',
            field=models.BooleanField(default=False, help_text='截止日所在年份的放假安排尚未录入，暂按周一至周五计算；录入后自动重算', verbose_name='截止日暂定'),
        ),
        migrations.CreateModel(
            name='PeriodSnapshot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(choices=[('close', '关闭'), ('lock', '锁定'), ('legacy', '升级前的锁定记录')], max_length=10, verbose_name='原因')),
                ('payload', models.JSONField(verbose_name='快照内容')),
                ('sha256', models.CharField(max_length=64, verbose_name='摘要')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                ('period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='snapshots', to='tracking.period')),
            ],
            options={
                'verbose_name': '周期快照',
                'verbose_name_plural': '周期快照',
                'ordering': ['period', '-id'],
            },
        ),
        migrations.RunPython(legacy_snapshots_copy, legacy_snapshots_restore),
        migrations.RemoveField(
            model_name='period',
            name='snapshot',
        ),
    ]
