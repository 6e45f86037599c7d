"""Background jobs of patent navigation: the analyses of a large database version."""

from __future__ import annotations

from django.urls import reverse

from zhichan.core.jobs import Progress, handler
from zhichan.core.models import Job
from zhichan.navigation import results
from zhichan.navigation.models import Version


@handler("navigation.analyse")
def analyse(job: Job, progress: Progress) -> dict:
    version = Version.objects.select_related("database").get(pk=job.params["version"])
    progress(0, 11, "读取分析表")
    result = results.compute(version, progress=lambda done, total, name: progress(done, total, name))
    url = reverse("navigation:dashboard", args=[version.database_id]) + f"?version={version.number}"
    return {"records": result["total"], "version": version.number, "url": url}
