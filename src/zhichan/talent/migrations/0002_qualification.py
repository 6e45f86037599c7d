"""Structured qualifications (issue 17); the practitioners already brought in from the agency registry get their
专利代理师资格 as a record (kind and certificate number), as do_bring_in now writes it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def practitioners(apps, schema_editor):
    Person = apps.get_model("talent", "Person")
    Qualification = apps.get_model("talent", "Qualification")
    for person in Person.objects.filter(practitioner__isnull=False).select_related("practitioner"):
        number = (person.practitioner.certificate_number or "").strip()
        if number and not Qualification.objects.filter(person=person, kind="patent_attorney", number=number).exists():
            Qualification.objects.create(person=person, kind="patent_attorney", number=number)


class Migration(migrations.Migration):

    dependencies = [
        ('talent', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Qualification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('patent_attorney', '专利代理师资格'), ('lawyer', '律师执业'), ('ip_junior', '知识产权师（初级）'), ('ip_middle', '知识产权师（中级）'), ('ip_senior', '知识产权师（高级）'), ('tech_broker', '技术经纪人'), ('other', '其他')], db_index=True, max_length=16, verbose_name='资格类别')),
                ('name', models.CharField(blank=True, max_length=100, verbose_name='资格名称')),
                ('number', models.CharField(blank=True, max_length=60, verbose_name='证书编号')),
                ('issuer', models.CharField(blank=True, max_length=100, verbose_name='发证机关')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='有效期起')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='有效期至')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='qualification_list', to='talent.person')),
            ],
            options={
                'ordering': ['kind', 'pk'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('number', ''), _negated=True), fields=('person', 'kind', 'number'), name='talent_qualification_once'), models.CheckConstraint(condition=models.Q(('valid_to__isnull', True), ('valid_from__isnull', True), ('valid_to__gte', models.F('valid_from')), _connector='OR'), name='talent_qualification_dates')],
            },
        ),
        migrations.RunPython(practitioners, migrations.RunPython.noop),
    ]
