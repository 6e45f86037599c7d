from __future__ import annotations

import io
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from zhichan import conf
from zhichan.core import spreadsheet, uploads
from zhichan.core.access import require_page as _require
from zhichan.core.models import Job, Region
from zhichan.core.permissions import can
from zhichan.patents import ipc, ipc_revisions
from zhichan.patents.actions import do_queue_import
from zhichan.patents.filters import PatentFilter
from zhichan.patents.forms import ImportForm
from zhichan.patents.models import Application, ImportFile, IpcTitle, SeiCategory


def patent_list(request: HttpRequest) -> HttpResponse:
    _require(request, "patents.view")
    filters = PatentFilter.from_query(request.GET)
    queryset = filters.apply(Application.objects.select_related("region"))
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    years = (Application.objects.exclude(filing_year=None).values_list("filing_year", flat=True)
             .distinct().order_by("-filing_year"))
    provinces = Region.objects.filter(level=1, code__in=Application.objects.exclude(province_code="")
                                      .values("province_code").distinct())
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "patents/list.html", {
        "page": page, "filters": filters, "years": years, "provinces": provinces, "query": query.urlencode(),
        "statuses": Application._meta.get_field("legal_status").choices,
        "types": Application._meta.get_field("patent_type").choices,
    })


def patent_detail(request: HttpRequest, key: str, award_form: forms.Form | None = None,
                  status: int = 200) -> HttpResponse:
    """The record; `award_form` is a refused 登记奖项 (indicators.views.add_award) shown with its reasons."""
    from zhichan.indicators.forms import AwardForm

    _require(request, "patents.view")
    app = get_object_or_404(Application.objects.select_related("region"), key=key)
    codes = [a.code for a in app.ipc_assignments.all()]
    revised = {c: found for c in codes if (found := ipc_revisions.lookup(c))}  # deleted by an IPC revision
    current = {new for _, news in revised.values() for new in news}
    wanted = {level for code in [*codes, *current] for level in ipc.ancestors(code)[2:]}
    titles = {t.code: t for t in IpcTitle.objects.filter(code__in=wanted)}
    ipc_rows = [{"code": c, "display": ipc.display(c), "is_main": c == app.main_ipc,
                 "title": titles.get(c), "subclass": titles.get(ipc.subclass(c)),
                 "revised_in": revised[c][0] if c in revised else "",
                 "current": [{"display": ipc.display(n), "title": titles.get(n)} for n in revised.get(c, ("", []))[1]]}
                for c in codes]
    parties = list(app.parties.select_related("region__parent__parent"))
    return render(request, "patents/detail.html", {
        "app": app, "ipc_rows": ipc_rows, "has_titles": IpcTitle.objects.exists(),
        "parties": parties,
        "sei": SeiCategory.objects.filter(code__in=app.sei_codes), "has_sei": SeiCategory.objects.exists(),
        "publications": app.publications.all(), "events": app.events.all(), "sources": app.sources.all()[:20],
        "data": app.data, "watched": app.watchers.filter(user=request.user).exists(),
        "can_award": can(request.user, "indicators.plans"), "award_form": award_form or AwardForm(app),
    }, status=status)


@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    _require(request, "patents.import")
    form, status = ImportForm(), 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            job = _start_import(request, form)
            if job is not None:
                return redirect("job-detail", job_id=job.pk)
        status = 400
    recent = (ImportFile.objects.select_related("run", "run__user").annotate(n_rejected=Count("rejected_rows"))
              .order_by("-run__started_at", "-pk")[:20])  # newest first (an annotation drops Meta.ordering)
    return render(request, "patents/import.html", {"form": form, "recent": recent,
                                                   "max_mb": conf.value("ZHICHAN_MAX_UPLOAD_MB")}, status=status)


def _start_import(request: HttpRequest, form: ImportForm) -> Job | None:
    """Keep the files (all of them, or none) and queue the import; None, with the reason on the form, if a file
    goes over the limit while being written."""
    files, data = form.cleaned_data["files"], form.cleaned_data
    names = [uploads.name_of(upload) for upload in files]
    folder = Path(settings.UPLOAD_DIR) / "imports" / uuid.uuid4().hex
    paths = [folder / f"{index}{Path(name).suffix.lower()}" for index, name in enumerate(names)]
    try:
        for upload, target in zip(files, paths, strict=True):
            uploads.write(upload, target)
    except uploads.UploadTooLarge as exc:
        uploads.discard(folder)
        form.add_error("files", str(exc))
        return None
    except BaseException:  # a full disk, a broken connection: no half-written batch stays behind
        uploads.discard(folder)
        raise
    return do_queue_import(request.user, paths, names, data["format"], data["status_date"])


def rejected_rows_xlsx(request: HttpRequest, file_id: int) -> HttpResponse:
    _require(request, "patents.import")
    import_file = get_object_or_404(ImportFile, pk=file_id)
    buffer = io.BytesIO()
    workbook = spreadsheet.workbook(buffer, {"in_memory": True})  # the values are the rejected cells, verbatim
    sheet = workbook.add_worksheet("被拒绝的行")
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2"})
    headers = ["文件 file", "行 row", "列 column", "值 value", "原因 reason"]
    sheet.write_row(0, 0, headers, bold)
    rows = [[import_file.name, "", "", "", import_file.error]] if import_file.status == "failed" else []
    rows += [[import_file.name, r.row, r.column, r.value, r.reason] for r in import_file.rejected_rows.all()]
    for index, row in enumerate(rows, start=1):
        spreadsheet.write_row(sheet, index, 0, row)
    sheet.set_column(0, 0, 30)
    sheet.set_column(2, 3, 24)
    sheet.set_column(4, 4, 70)
    sheet.freeze_panes(1, 0)
    workbook.close()
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="rejected-{import_file.pk}.xlsx"'
    return response
