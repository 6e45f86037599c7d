"""Serious dishonesty records of organisations (严重失信主体名单) entered by the office from the public lists — 信用中国
(www.creditchina.gov.cn) and 国家企业信用信息公示系统 (www.gsxt.gov.cn, 严重违法失信名单) — so that a call can require "no
serious dishonesty record" of an enterprise (projects/eligibility.py, rule ``no_serious_dishonesty``). The platform
does not fetch these lists; the office copies the record it found (source, list, document number, dates) through
projects/credit_actions.py, audited. Imported by projects/models.py."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.projects import eligibility


class DishonestyRecord(models.Model):
    class Source(models.TextChoices):
        CREDIT_CHINA = "creditchina", _("信用中国")
        GSXT = "gsxt", _("国家企业信用信息公示系统")
        OTHER = "other", _("其他公示来源")

    organization = models.ForeignKey("core.Organization", verbose_name=_("单位"), on_delete=models.PROTECT,
                                     related_name="+")
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    list_name = models.CharField(_("名单"), max_length=100, help_text=_("如 严重违法失信名单、失信被执行人"))
    document_number = models.CharField(_("决定文书号"), max_length=100)
    listed_on = models.DateField(_("列入日期"))
    ends_on = models.DateField(_("届满日期"), null=True, blank=True)  # the last day in force; empty: until removed
    reason = models.TextField(_("列入事由"), blank=True, max_length=2000)
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)  # early removal (信用修复, 撤销)
    removal_note = models.CharField(_("移出说明"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-listed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "source", "document_number"],
                                    name="projects_dishonesty_once"),
            models.CheckConstraint(condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("listed_on")),
                                   name="projects_dishonesty_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.document_number}"

    def as_fact(self) -> eligibility.Dishonesty:
        return eligibility.Dishonesty(str(self.get_source_display()), self.list_name, self.document_number,
                                      self.listed_on, self.ends_on, self.removed_on)

    def active_on(self, day: dt.date) -> bool:
        return self.as_fact().active_on(day)
