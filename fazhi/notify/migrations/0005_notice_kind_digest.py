from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notify', '0004_site_address'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notice',
            name='kind',
            field=models.CharField(choices=[('urge', '催办'), ('due_date', '截止日确定'), ('digest', '县领导周报')],
                                   max_length=20, verbose_name='类型'),
        ),
    ]
