"""严重失信 records of organisations entered by the office (issue 17; projects/credit_models.py)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_accounts_and_verification'),
        ('projects', '0006_evaluation_weights_navigation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DishonestyRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(choices=[('creditchina', '信用中国'), ('gsxt', '国家企业信用信息公示系统'), ('other', '其他公示来源')], max_length=12, verbose_name='来源')),
                ('list_name', models.CharField(help_text='如 严重违法失信名单、失信被执行人', max_length=100, verbose_name='名单')),
                ('document_number', models.CharField(max_length=100, verbose_name='决定文书号')),
                ('listed_on', models.DateField(verbose_name='列入日期')),
                ('ends_on', models.DateField(blank=True, null=True, verbose_name='届满日期')),
                ('reason', models.TextField(blank=True, max_length=2000, verbose_name='列入事由')),
                ('removed_on', models.DateField(blank=True, null=True, verbose_name='移出日期')),
                ('removal_note', models.CharField(blank=True, max_length=500, verbose_name='移出说明')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organization', verbose_name='单位')),
                ('removed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-listed_on', '-pk'],
                'constraints': [models.UniqueConstraint(fields=('organization', 'source', 'document_number'), name='projects_dishonesty_once'), models.CheckConstraint(condition=models.Q(('ends_on__isnull', True), ('ends_on__gte', models.F('listed_on')), _connector='OR'), name='projects_dishonesty_dates')],
            },
        ),
    ]
