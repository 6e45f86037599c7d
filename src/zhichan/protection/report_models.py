"""Risk reports (风险报告, issue 16 item 3): one per subject and quarter — an enterprise (an organisation with a watch
list, or a 重点企业 named on one) or an industry (an IPC area or a 战略性新兴产业 class). Drafted with figures and
default recommendations (protection/report_gather.py), the recommendations edited by the office, then issued; the
DOCX (protection/report_docx.py) is written from the stored figures and the edited text. Imported at the end of
protection/models.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskReport(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        INDUSTRY = "industry", _("产业")

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已发布")

    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    # what the report is about: "org:<id>", "name:<normalised name>", "ipc:<symbol>" or "sei:<code>" (one a quarter)
    subject_key = models.CharField(max_length=320)
    subject = models.CharField(_("报告对象"), max_length=300)
    organization = models.ForeignKey("core.Organization", verbose_name=_("企业"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="risk_reports")
    period = models.CharField(_("报告期"), max_length=7)  # 2026Q3
    state = models.CharField(_("状态"), max_length=8, choices=State.choices, default=State.DRAFT, db_index=True)
    figures = models.JSONField(default=dict)  # as computed when drafted (report_gather.figures)
    recommendations = models.TextField(_("对策建议"), blank=True)
    scheduled = models.BooleanField(_("定期生成"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    issued_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ["-period", "subject", "pk"]
        verbose_name = _("风险报告")
        constraints = [models.UniqueConstraint(fields=["subject_key", "period"], name="protection_risk_report_once")]

    def __str__(self) -> str:
        return f"{self.subject} {self.period}"
