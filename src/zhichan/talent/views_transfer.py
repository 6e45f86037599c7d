"""Excel of the talent database (issue 17): the database (as filtered on /talent/) and a 人才清单 (as filtered by
qualification) exported; a 人才清单 imported from a spreadsheet, with the rejected rows listed (file, row, column,
value, reason) beside the kept ones. talent.manage only."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhichan import conf
from zhichan.core import uploads
from zhichan.core.access import require_page
from zhichan.patents.ingest.errors import FileError
from zhichan.talent import forms as tf
from zhichan.talent import sheet, transfer
from zhichan.talent.models import TalentList
from zhichan.talent.views import filtered_entries, filtered_people, list_page

SHOWN_PROBLEMS = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=\"talent.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def export_people(request: HttpRequest) -> HttpResponse:
    require_page(request, "talent.manage")
    _form, rows = filtered_people(request)
    return _download(transfer.export_people(rows), f"人才库-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def export_list(request: HttpRequest, list_id: int) -> HttpResponse:
    require_page(request, "talent.manage")
    row = get_object_or_404(TalentList, pk=list_id)
    _form, entries = filtered_entries(request, row)
    people = [(e.person, e.note) for e in entries.prefetch_related("person__qualification_list")]
    return _download(transfer.workbook(row.name, people), f"{row.name}.xlsx")


@login_required
@require_POST
def import_list(request: HttpRequest, list_id: int) -> HttpResponse:
    require_page(request, "talent.manage")
    row = get_object_or_404(TalentList, pk=list_id)
    form = tf.ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return list_page(request, row, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    target = conf.home() / "uploads" / "talent" / f"{uuid.uuid4().hex}-{uploads.name_of(upload)}"
    try:
        uploads.write(upload, target)
        result = transfer.do_import_list(request.user, row, target, uploads.name_of(upload))
    except (uploads.UploadTooLarge, FileError, sheet.SheetError) as exc:
        form.add_error("file", str(exc))
        return list_page(request, row, import_form=form, status=400)
    finally:
        uploads.discard(target)
    result["more"] = max(0, len(result["problems"]) - SHOWN_PROBLEMS)
    result["problems"] = result["problems"][:SHOWN_PROBLEMS]
    return list_page(request, row, result=result)
