from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.core.actions import JobNotResumable, do_resume_job
from zhichan.core.forms import ResumeJobForm
from zhichan.core.models import Job
from zhichan.core.permissions import can


def home(request: HttpRequest) -> HttpResponse:
    from zhichan.patents.models import Application, ImportFile

    by_type = dict(Application.objects.values_list("patent_type").annotate(n=Count("pk")))
    context = {
        "total": sum(by_type.values()),
        "by_type": by_type,
        "recent_imports": ImportFile.objects.select_related("run")[:5],
        "can_unlock": can(request.user, "users.unlock"),
    }
    return render(request, "core/home.html", context)


def _visible_job(request: HttpRequest, job_id: int) -> Job:
    job = get_object_or_404(Job, pk=job_id)
    if job.created_by_id != request.user.pk and not can(request.user, "jobs.view_all"):
        raise PermissionDenied
    return job


def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    return render(request, "core/job.html", {"job": _visible_job(request, job_id), "resume_form": ResumeJobForm()})


@require_POST
def job_resume(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _visible_job(request, job_id)
    if ResumeJobForm(request.POST).is_valid():
        try:
            do_resume_job(request.user, job)
        except JobNotResumable as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("任务已重新排队，从头继续执行；已保存的数据不会重复。"))
    return redirect("job-detail", job_id=job.pk)


def job_status(request: HttpRequest, job_id: int) -> JsonResponse:
    job = _visible_job(request, job_id)
    return JsonResponse({
        "id": job.pk, "kind": job.kind, "status": job.status, "status_display": job.status_label,
        "interrupted": job.interrupted,
        "done": job.done, "total": job.total, "percent": job.percent, "message": job.message,
        "finished": job.finished, "result": job.result if job.finished else {},
        "error": job.message if job.status == "failed" else "",
    })
