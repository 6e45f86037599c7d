"""Background jobs of the agency registry (registered when the app is ready): the spreadsheet import, the
technical fields of every agency, the grades recomputed under a newly published rule version, the abnormal-application
scan (its candidates stored for review)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zhichan.core.jobs import handler


@handler("agencies.import")
def import_job(job: Any, progress: Any) -> dict:
    from zhichan.agencies.importer import import_file

    return import_file(job.created_by, Path(job.params["path"]))


@handler("agencies.fields")
def fields_job(job: Any, progress: Any) -> dict:
    from zhichan.agencies.actions import do_refresh_fields

    return {"agencies": do_refresh_fields(job.created_by, progress)}


@handler("agencies.grades")
def grades_job(job: Any, progress: Any) -> dict:
    from zhichan.agencies.credit_actions import do_compute_grades
    from zhichan.agencies.models import CreditRuleVersion

    version = CreditRuleVersion.objects.get(pk=job.params["version"])
    return {"grades": do_compute_grades(job.created_by, version, progress=progress)}


@handler("agencies.abnormal_scan")
def abnormal_scan_job(job: Any, progress: Any) -> dict:
    from zhichan.agencies.abnormal_actions import run_scan
    from zhichan.agencies.abnormal_models import AbnormalScan

    return run_scan(AbnormalScan.objects.get(pk=job.params["scan"]), progress)
