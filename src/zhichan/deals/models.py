"""The register of IP transactions (知识产权交易登记): transfers, licences, open licences taken, pledges and insurance,
with their amounts in 万元 and dates. Deals feed the indicators 知识产权交易额, 专利转让许可次数 and 知识产权质押融资额
(deals/indicators.py). Writes go through deals/actions.py; docs/deals.md gives the rules and their sources."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Deal(models.Model):
    class Kind(models.TextChoices):
        TRANSFER = "transfer", _("转让")
        LICENCE = "licence", _("许可")
        OPEN_LICENCE = "open_licence", _("开放许可实施")
        PLEDGE = "pledge", _("质押")
        INSURANCE = "insurance", _("保险")

    class LicenceType(models.TextChoices):
        ORDINARY = "ordinary", _("普通许可")
        SOLE = "sole", _("排他许可")
        EXCLUSIVE = "exclusive", _("独占许可")

    class Source(models.TextChoices):
        MANUAL = "manual", _("人工录入")
        PLEDGE_CASE = "pledge_case", _("质押登记办件")
        LEGAL_EVENT = "legal_event", _("法律状态")
        OPEN_LISTING = "open_listing", _("开放许可挂牌")

    class Status(models.TextChoices):
        ACTIVE = "active", _("有效")
        CANCELLED = "cancelled", _("已注销")

    kind = models.CharField(_("交易类型"), max_length=12, choices=Kind.choices, db_index=True)
    licence_type = models.CharField(_("许可类型"), max_length=10, choices=LicenceType.choices, blank=True)
    # the patent; none for a trademark, a copyright or several patents: then `right` describes what was dealt
    application = models.ForeignKey("patents.Application", verbose_name=_("专利"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="deals")
    right = models.CharField(_("权利说明"), max_length=300, blank=True)
    # 转让方 / 许可方 / 出质人 / 投保人 on one side, 受让方 / 被许可方 / 质权人 / 保险人 on the other
    from_organization = models.ForeignKey("core.Organization", verbose_name=_("出让方（单位）"), null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+")
    from_name = models.CharField(_("出让方"), max_length=200, blank=True)
    to_organization = models.ForeignKey("core.Organization", verbose_name=_("受让方（单位）"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    to_name = models.CharField(_("受让方"), max_length=200, blank=True)
    amount_wan = models.DecimalField(_("金额（万元）"), max_digits=14, decimal_places=4, null=True, blank=True)
    contract_date = models.DateField(_("合同生效日"), null=True, blank=True)
    # 登记日 of a transfer (专利法 Art. 10) or a pledge, 备案日 of a licence (细则 Art. 15), start of an insurance
    effective_on = models.DateField(_("登记（备案）日"), null=True, blank=True, db_index=True)
    recordal_number = models.CharField(_("备案（登记）号"), max_length=60, blank=True)
    recorded_on = models.DateField(_("入册日期"), db_index=True)  # the day the deal entered the record ("as of")
    region = models.ForeignKey("core.Region", verbose_name=_("统计地区"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices, default=Source.MANUAL)
    listing = models.ForeignKey("market.Listing", verbose_name=_("挂牌"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    case = models.ForeignKey("services.Case", verbose_name=_("质押登记办件"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    # the legal event (patents.LegalEvent rows are rewritten by every re-import: the event is kept by its words)
    event_key = models.CharField(max_length=64, blank=True)
    event_date = models.DateField(_("法律事件日"), null=True, blank=True)
    event_text = models.CharField(_("法律事件"), max_length=500, blank=True)
    cancel_event_key = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    cancelled_on = models.DateField(_("注销日"), null=True, blank=True)
    cancel_reason = models.CharField(_("注销原因"), max_length=300, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-effective_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(case__isnull=False), name="deal_once_per_case"),
            models.UniqueConstraint(fields=["application", "event_key"], condition=~models.Q(event_key=""),
                                    name="deal_once_per_event"),
            models.CheckConstraint(condition=models.Q(amount_wan__isnull=True) | models.Q(amount_wan__gte=0),
                                   name="deal_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject}"

    @property
    def subject(self) -> str:
        return self.application.key if self.application_id else self.right

    @property
    def counted_on(self):  # noqa: ANN201 - a date or None
        """The day the deal counts for (docs/deals.md): registration for a transfer or a pledge (it takes effect
        then), else the recordal or, failing it, the contract date."""
        from zhichan.deals import rules

        return rules.counted_on(self.kind, self.effective_on, self.contract_date)

    @property
    def late_recordal(self) -> bool:
        from zhichan.deals import rules

        return rules.late_recordal(self.kind, self.contract_date, self.effective_on)
