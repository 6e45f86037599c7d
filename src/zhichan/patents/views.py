from __future__ import annotations

import io
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhichan import conf
from zhichan.core import jobs, spreadsheet, uploads
from zhichan.core.access import require_page as _require
from zhichan.core.models import Region
from zhichan.core.permissions import can
from zhichan.patents import ipc, ipc_revisions
from zhichan.patents.filters import PatentFilter
from zhichan.patents.ingest import statusdate
from zhichan.patents.ingest.detect import FORMATS
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
    if request.method == "POST":
        return _start_import(request)
    recent = (ImportFile.objects.select_related("run", "run__user").annotate(n_rejected=Count("rejected_rows"))
              .order_by("-run__started_at", "-pk")[:20])  # newest first (an annotation drops Meta.ordering)
    return render(request, "patents/import.html", {"formats": FORMATS[:-1], "recent": recent,
                                                   "max_mb": conf.value("ZHICHAN_MAX_UPLOAD_MB")})


ALLOWED_SUFFIXES = {".xlsx", ".xls", ".csv", ".tsv", ".txt", ".xml"}


def _start_import(request: HttpRequest) -> HttpResponse:
    files = request.FILES.getlist("files")
    fmt = request.POST.get("format", "auto")
    if fmt not in FORMATS[:-1]:
        fmt = "auto"
    status_field = forms.DateField(required=False)
    try:
        status_date = status_field.clean(request.POST.get("status_date", ""))
        status_date = statusdate.checked(status_date) if status_date else None
    except (forms.ValidationError, ValueError):
        messages.error(request, _("状态日期应为 1985-04-01 至今天之间的日期，写作 YYYY-MM-DD。"))
        return redirect("patents:import")
    if not files:
        messages.error(request, _("请选择要导入的文件。"))
        return redirect("patents:import")
    names = [uploads.name_of(upload) for upload in files]
    for name in names:
        if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
            messages.error(request, _("不支持的文件类型：%(name)s（支持 xlsx、xls、csv、xml）") % {"name": name})
            return redirect("patents:import")
    folder = Path(settings.UPLOAD_DIR) / "imports" / uuid.uuid4().hex
    paths = [folder / f"{index}{Path(name).suffix.lower()}" for index, name in enumerate(names)]
    try:  # every file within ZHICHAN_MAX_UPLOAD_MB, or none is kept
        uploads.check_all(files)
        for upload, target in zip(files, paths, strict=True):
            uploads.write(upload, target)
    except uploads.UploadTooLarge as exc:
        uploads.discard(folder)
        messages.error(request, str(exc))
        return redirect("patents:import")
    except BaseException:  # a full disk, a broken connection: no half-written batch stays behind
        uploads.discard(folder)
        raise
    job = jobs.create("import", _("导入 %(files)s") % {"files": ", ".join(names)}, request.user,
                      {"paths": [str(p) for p in paths], "names": names, "format": fmt,
                       "status_date": status_date.isoformat() if status_date else None})
    jobs.enqueue_on_commit(job)
    return redirect("job-detail", job_id=job.pk)


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
