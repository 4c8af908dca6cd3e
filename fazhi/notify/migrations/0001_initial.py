"""notify.UnitChannel, moved from tracking with its rows (see tracking.0004_unitchannel_to_notify,
which renames the table; here only the state learns the model).

The content type keeps its id under the new app label, so admin permissions granted on
提醒渠道 and the admin's change history follow the model.
"""

import django.db.models.deletion
from django.db import migrations, models


def content_type_move(apps, *, source: str, target: str) -> None:
    content_types = apps.get_model("contenttypes", "ContentType")
    if content_types.objects.filter(app_label=target, model="unitchannel").exists():
        return
    content_types.objects.filter(app_label=source, model="unitchannel").update(app_label=target)


def forwards(apps, schema_editor):
    content_type_move(apps, source="tracking", target="notify")


def backwards(apps, schema_editor):
    content_type_move(apps, source="notify", target="tracking")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("orgs", "0001_initial"),
        ("tracking", "0004_unitchannel_to_notify"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="UnitChannel",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("kind", models.CharField(choices=[("email", "电子邮件"), ("dingtalk", "钉钉机器人"),
                                                           ("wecom", "企业微信机器人")],
                                                  max_length=10, verbose_name="渠道")),
                        ("target", models.CharField(help_text="邮箱地址或机器人 Webhook 地址", max_length=500,
                                                    verbose_name="地址")),
                        ("secret", models.CharField(blank=True, help_text="钉钉机器人“加签”密钥，可不填",
                                                    max_length=200, verbose_name="加签密钥")),
                        ("enabled", models.BooleanField(default=True, verbose_name="启用")),
                        ("unit", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                   related_name="channels", to="orgs.unit")),
                    ],
                    options={
                        "verbose_name": "提醒渠道",
                        "verbose_name_plural": "提醒渠道",
                        "ordering": ["unit", "id"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
