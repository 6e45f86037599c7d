"""全国 as a region (code 100000, the code GeoJSON boundary sets give the country), so that national figures are
stored and published like any other region's. The provinces stay without a parent: 全国 is a scope, not a tree."""

from django.db import migrations, models


def add_nation(apps, schema_editor):
    apps.get_model("core", "Region").objects.get_or_create(code="100000", defaults={"name": "全国", "level": 0})


def remove_nation(apps, schema_editor):
    apps.get_model("core", "Region").objects.filter(code="100000").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_regions'),
    ]

    operations = [
        migrations.AlterField(
            model_name='region',
            name='level',
            field=models.PositiveSmallIntegerField(choices=[(0, '全国'), (1, '省级'), (2, '地级'), (3, '县级')]),
        ),
        migrations.RunPython(add_nation, remove_nation),
    ]
