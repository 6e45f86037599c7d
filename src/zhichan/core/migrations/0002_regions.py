"""Load the GB/T 2260 administrative divisions that PyPI `cpca` ships."""

from django.db import migrations


def load_regions(apps, schema_editor):
    from zhichan.core.regions import divisions

    Region = apps.get_model("core", "Region")
    Region.objects.bulk_create(
        [Region(code=d.code, name=d.name, level=d.level, parent_id=d.parent, longitude=d.longitude, latitude=d.latitude)
         for d in divisions()],
        batch_size=1000, ignore_conflicts=True,
    )


def unload_regions(apps, schema_editor):
    apps.get_model("core", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load_regions, unload_regions)]
