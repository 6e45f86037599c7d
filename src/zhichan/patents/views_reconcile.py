"""The import page's 核对 Reconciliation tab: an imported file's vendor columns against the platform's view."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zhichan.core.permissions import can
from zhichan.patents import reconcile
from zhichan.patents.models import ImportFile, SourceRecord
from zhichan.patents.reconcile_sources import reconcile_import

SHOWN = 20  # disagreements listed per check (the CLI's --json lists them all)
# The checks in the reader's language (reconcile.CHECK_LABELS are bilingual, for the command line).
CHECK_LABELS = {reconcile.VALIDITY: _("有效性"), reconcile.SEI: _("战略性新兴产业分类"), reconcile.GRANT: _("授权日"),
                reconcile.REGION: _("省份")}
PAGE_ROWS = 50_000  # about 8 s of work; a larger file is reconciled with `zhichan reconcile FILE` instead


class StatusDateForm(forms.Form):
    status_date = forms.DateField(label=_("状态日期"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=_("留空时取导入时记录的日期"))


@require_GET
def reconcile_page(request: HttpRequest, file_id: int) -> HttpResponse:
    if not can(request.user, "patents.import"):  # the import page's permission
        raise PermissionDenied
    import_file = get_object_or_404(ImportFile.objects.select_related("run"), pk=file_id)
    form = StatusDateForm(request.GET or None)
    status_date = form.cleaned_data["status_date"] if form.is_bound and form.is_valid() else None
    rows = SourceRecord.objects.filter(file_sha256=import_file.sha256).count()
    if rows > PAGE_ROWS:
        return render(request, "patents/reconcile.html", {"file": import_file, "too_large": rows,
                                                          "page_rows": PAGE_ROWS, "form": form})
    report = reconcile_import(import_file, status_date)
    checks = [{"name": check.name, "label": CHECK_LABELS[check.name], "column": check.column,
               "compared": check.compared, "agree": check.agree, "percent": check.percent,
               "disagreements": check.disagreements[:SHOWN], "more": max(0, len(check.disagreements) - SHOWN)}
              for check in report.checks.values()]
    return render(request, "patents/reconcile.html", {
        "file": import_file, "report": report, "checks": checks, "form": form,
        "status_dates": sorted(report.status_dates.items()), "unmatched": report.unmatched[:SHOWN],
    })
