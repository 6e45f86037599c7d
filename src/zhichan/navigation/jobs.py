"""Background jobs of patent navigation: the analyses of a large version, branch or search result, and the reports
(DOCX, XLSX, PDF) asked for on the web, kept under ZHICHAN_HOME/navigation/reports for their download link."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_noop

from zhichan import conf
from zhichan.core.jobs import Progress, handler
from zhichan.core.models import Job
from zhichan.navigation import report, results
from zhichan.navigation.models import Version


@handler("navigation.analyse")
def analyse(job: Job, progress: Progress) -> dict:
    params = job.params
    progress(0, 11, gettext_noop("读取分析表"))
    if "query" in params:
        subject = results.of_query(params["query"], params.get("home", ""))
        url = reverse("navigation:search") + "?" + urlencode({"q": params["query"], "home": params.get("home", "")})
    else:
        version = Version.objects.select_related("database").get(pk=params["version"])
        subject = results.of_version(version, params.get("branch", ""))
        url = reverse("navigation:dashboard", args=[version.database_id]) + "?" + urlencode(
            {"version": version.number, **({"branch": params["branch"]} if params.get("branch") else {})})
    result = results.compute(subject, progress=lambda done, total, name: progress(done, total, name))
    return {"records": result["total"], "url": url}


def report_path(job: Job) -> Path:
    return conf.home() / "navigation" / "reports" / f"job-{job.pk}.{job.params['format']}"


@handler("navigation.report")
def write_report(job: Job, progress: Progress) -> dict:
    """Gather the data, draw the charts (n/N), write the file; safe to run again (the file is written anew)."""
    params = job.params
    if "query" in params:
        subject = results.of_query(params["query"], params.get("home", ""))
    else:
        version = Version.objects.select_related("database").get(pk=params["version"])
        subject = results.of_version(version, params.get("branch", ""))
    path = report_path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.stem}.partial{path.suffix}")  # the link appears only for a whole file
    report.build(subject, params["format"], partial, progress)
    partial.replace(path)
    progress(100, 100, "")  # done: the page shows the link, not the last step
    name = f"{params['name']}.{params['format']}"
    return {"records": len(subject.ids), "format": params["format"], "size": path.stat().st_size,
            "downloads": [{"url": reverse("navigation:report-download", args=[job.pk]), "name": name}]}
