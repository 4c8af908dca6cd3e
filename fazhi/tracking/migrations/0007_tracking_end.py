from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0006_report_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportingcadence",
            name="tracking_end",
            field=models.DateField(
                blank=True, null=True, verbose_name="调度截止日期",
                help_text="此日后开始的报送周期不再生成；不填则为方案实施期最后一年的12月31日",
            ),
        ),
    ]
