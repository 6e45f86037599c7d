"""The applicant directory page (申请人名录): find a name, see where it is placed and why, enter or correct its
place, import a 企业名录; and the holders of records a figure could not place, each with a form to fix it."""

from __future__ import annotations

import uuid
from collections import Counter
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from zhichan.core import region_lookup, uploads
from zhichan.core.access import require_page
from zhichan.core.models import Job, Region
from zhichan.patents import creditcode, facts
from zhichan.patents.models import ApplicantPlace, Application, PatentFact
from zhichan.patents.places_actions import PERMISSION, do_queue_directory_import, do_set_applicant_place


class PlaceForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=300)
    region = forms.CharField(label=gettext_lazy("所在地区（名称或代码）"), max_length=50, help_text=gettext_lazy(
        "如 泉山区、徐州市泉山区、江苏省徐州市泉山区 或 320311；同名地区请写明上级（北京市朝阳区）"))
    credit_code = forms.CharField(label=gettext_lazy("统一社会信用代码"), max_length=30, required=False)
    address = forms.CharField(label=gettext_lazy("地址"), max_length=500, required=False)

    def clean_region(self) -> Region:
        """A code, a name or a path (江苏省徐州市泉山区): the shared rule, core.regions.resolve; never 全国."""
        try:
            return region_lookup.find_region(self.cleaned_data["region"], nation=False)
        except region_lookup.RegionNotFound as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_credit_code(self) -> str:
        raw = self.cleaned_data["credit_code"].strip()
        if not raw:
            return ""
        try:
            return creditcode.normalize(raw)
        except creditcode.CreditCodeError as exc:
            raise forms.ValidationError(str(exc)) from exc


class DirectoryUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("企业名录（xlsx、csv：名称、统一社会信用代码、地址）"))


def _require(request: HttpRequest) -> None:
    require_page(request, PERMISSION)


def unplaced_holders(region_code: str, limit: int = 200) -> list[tuple[str, int]]:
    """The first holders of the records counted for a region but placed in none of the regions under it, most
    records first: the names whose place is worth entering."""
    from zhichan.indicators.compute import NATION

    region = "" if region_code == NATION else region_code
    ids = list(PatentFact.objects.filter(region=region, domestic=True).values_list("application_id", flat=True)[:20000])
    counts: Counter[str] = Counter()
    for start in range(0, len(ids), 1000):
        for data in Application.objects.filter(pk__in=ids[start:start + 1000]).values_list("data", flat=True):
            owners = facts.holders(data)
            if owners:
                counts[owners[0]["name"]] += 1
    return counts.most_common(limit)


@require_http_methods(["GET", "POST"])
def places_page(request: HttpRequest) -> HttpResponse:
    _require(request)
    form = PlaceForm(prefix="place", initial={"name": request.GET.get("place-name", "")})
    upload = DirectoryUploadForm(prefix="upload")
    status = 200
    if request.method == "POST" and (request.POST.get("intent") == "upload" or "upload-file" in request.FILES):
        upload = DirectoryUploadForm(request.POST, request.FILES, prefix="upload")
        if upload.is_valid():
            job = _queue_import(request, upload)
            if job is not None:
                return redirect("job-detail", job_id=job.pk)
        status = 400
    elif request.method == "POST":
        form = PlaceForm(request.POST, prefix="place")
        if form.is_valid():
            data = form.cleaned_data
            try:
                row, moved = do_set_applicant_place(request.user, data["name"], data["region"], data["credit_code"],
                                                    data["address"])
            except ValueError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已保存 %(name)s：%(region)s；%(n)d 件记录已重新定位，指标随之重新计算。")
                                 % {"name": row.name, "region": row.region.full_name, "n": moved})
                return redirect(request.get_full_path())
        status = 400
    query = request.GET.get("q", "").strip()
    rows = ApplicantPlace.objects.select_related("region__parent__parent")
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(credit_code__iexact=query))
    region_code = request.GET.get("unplaced_of", "")
    scope = Region.objects.filter(code=region_code).first() if region_code else None
    return render(request, "patents/places.html", {
        "page": Paginator(rows, 50).get_page(request.GET.get("page")), "query": query, "form": form,
        "upload": upload, "scope": scope, "unplaced": unplaced_holders(scope.code) if scope else [],
    }, status=status)


def _queue_import(request: HttpRequest, form: DirectoryUploadForm) -> Job | None:
    """Keep the uploaded 企业名录 and queue the job that reads it (its page shows the progress and every rejected
    row); None, with the reason on the form's file field, when the file is refused."""
    upload = form.cleaned_data["file"]
    name = Path(getattr(upload, "name", "") or "directory.xlsx").name
    suffix = Path(name).suffix.lower()
    if suffix not in {".xlsx", ".xls", ".csv"}:
        form.add_error("file", _("只支持 xlsx、xls、csv 文件"))
        return None
    target = Path(settings.UPLOAD_DIR) / "directory" / f"{uuid.uuid4().hex}{suffix}"
    try:
        uploads.write(upload, target)  # within ZHICHAN_MAX_UPLOAD_MB, else nothing kept
    except uploads.UploadTooLarge as exc:
        form.add_error("file", str(exc))
        return None
    return do_queue_directory_import(request.user, target, name)
