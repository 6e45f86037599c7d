"""Background jobs of patent navigation: the analyses of a large version, branch or search result."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from zhichan.core.jobs import Progress, handler
from zhichan.core.models import Job
from zhichan.navigation import results
from zhichan.navigation.models import Version


@handler("navigation.analyse")
def analyse(job: Job, progress: Progress) -> dict:
    params = job.params
    progress(0, 11, "读取分析表")
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
