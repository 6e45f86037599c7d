from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.core import homes
from zhichan.core.actions import JobNotResumable, do_resume_job
from zhichan.core.forms import ResumeJobForm
from zhichan.core.models import Job
from zhichan.core.permissions import can


def home(request: HttpRequest) -> HttpResponse:
    """Each signed-in role's own home (core/homes.py); anonymous visitors get the public portal instead."""
    kind = homes.home_kind(request.user)
    if kind == homes.WORKBENCH:
        return redirect("services:workbench")
    if kind == homes.OFFICE:
        return render(request, "core/home.html", homes.office_context(request.user))
    return render(request, "core/home_personal.html", homes.personal_context(request.user))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: the styled page in the user's language, whatever refused (a view, an action, a decorator);
    an API client gets JSON."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": _("没有权限")}, status=403, json_dumps_params={"ensure_ascii": False})
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form that came without a valid token (the page was open too long, the user signed out
    or in again elsewhere, the browser keeps no cookies) gets the styled page in the user's language, which says
    what happened and leads back to the form, instead of Django's bare English one. Django has logged `reason`
    already; it is for the log, not for the user. An API client gets JSON."""
    if request.path.startswith("/api/"):
        error = _("请求缺少有效的 CSRF 令牌：以登录会话调用接口时须带 X-CSRFToken 请求头")
        return JsonResponse({"error": error}, status=403, json_dumps_params={"ensure_ascii": False})
    referer = request.META.get("HTTP_REFERER", "")
    back = referer if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()) else ""
    return render(request, "403_csrf.html", {"back": back}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"error": _("地址不存在")}, status=404, json_dumps_params={"ensure_ascii": False})
    return render(request, "404.html", {"path": request.path}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: rendered without the request context (no context processors, no database queries), since
    whatever broke the page may break them too; a plain answer if even the template fails."""
    try:
        body = loader.get_template("500.html").render({})
    except Exception:  # the last resort must not raise
        return HttpResponseServerError("<h1>Server Error (500)</h1>", content_type="text/html")
    return HttpResponseServerError(body)


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
        "done": job.done, "total": job.total, "percent": job.percent, "message": job.message_label,
        "finished": job.finished, "result": job.result if job.finished else {},
        "error": job.message if job.status == "failed" else "",
    })
