"""Background jobs of the indicators app: recomputing the latest figures when records were placed again, and the
periodic reports asked for on the web."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from zhichan.core import jobs
from zhichan.core.jobs import Progress, handler
from zhichan.core.models import Job

READING = gettext_noop("读取记录")  # the export's step, translated on the job page


@handler("indicators.recompute")
def recompute_latest(job: Job, progress: Progress) -> dict:
    from zhichan.indicators.actions import do_recompute_latest

    done = do_recompute_latest(None, progress)
    return {"recomputed": done}


def after_places_changed(sender: Any, applications: int = 0, **kwargs: Any) -> None:
    """Records moved between regions: the figures computed before no longer hold; compute them again."""
    job = jobs.create("indicators.recompute", gettext("重新计算指标（%(n)s 件记录重新定位）") % {"n": applications})
    jobs.enqueue_on_commit(job)


@handler("indicators.report")
def generate_report(job: Job, progress: Progress) -> dict:
    """The report, as its owner (whose permission is checked again); the result links its Word and Excel files."""
    from zhichan.core.models import Region
    from zhichan.indicators.actions import do_generate_report

    city = Region.objects.get(code=job.params["city"])
    report = do_generate_report(job.created_by, city, job.params["period"], progress)
    return {"report": report.pk, "downloads": [
        {"url": reverse("indicators:report-file", args=[report.pk, fmt]), "name": f"{report.title}.{fmt}"}
        for fmt in ("docx", "xlsx")]}


@handler("indicators.export")
def export_records(job: Job, progress: Progress) -> dict:
    """The drill-down's records, read a chunk at a time, in the language of the user who asked."""
    from django.utils import translation

    from zhichan.core.models import Region
    from zhichan.indicators import exports

    with translation.override(job.params.get("language") or "zh-hans"):
        selection = exports.select(Region.objects.get(code=job.params["region"]), job.params["address"])
        path = exports.path(job.pk)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.stem}.partial.xlsx")
        progress(0, len(selection.chosen), READING)
        rows = exports.write(str(partial), selection, lambda done, total: progress(done, total, f"{READING} {done}/{total}"))
        partial.replace(path)
        progress(rows, rows, "")
        return {"records": rows, "downloads": [
            {"url": reverse("indicators:export-download", args=[job.pk]), "name": selection.file_name()}]}
