"""The operations market (运营交易): listings of patents for transfer, licence or open licence (开放许可), technology
demands (技术需求) in per-industry-chain libraries, and the matches that open a demand's details to a party.

Writes go through market/actions.py; the statutory checks are in market/rules.py (listings) and market/fees.py
(the open-licence fee guidance, pure Python). docs/market.md cites the articles behind each field.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ListingQuerySet(models.QuerySet):
    def restrict(self, user: object, action: str = "view") -> models.QuerySet:
        """The listings `user` may see (`view`), edit (`own`) or review (`review`): market/access.py."""
        from zhichan.market.access import restrict_listings

        return self & restrict_listings(user, action)


class DemandQuerySet(models.QuerySet):
    def restrict(self, user: object, action: str = "view") -> models.QuerySet:
        """The demands `user` may see the summary of (`view`), read the details of (`details`) or edit (`own`)."""
        from zhichan.market.access import restrict_demands

        return self & restrict_demands(user, action)


class IndustryChain(models.Model):
    """An industry chain (产业链) the office keeps a demand library for; optionally tied to a thematic database."""

    name = models.CharField(_("产业链"), max_length=100, unique=True)
    description = models.TextField(_("说明"), blank=True)
    thematic = models.ForeignKey("navigation.ThematicDatabase", verbose_name=_("专题数据库"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Listing(models.Model):
    """A holder's offer of one patent (挂牌): transfer, licence or open licence (专利法 Art. 50–52, 细则 Art. 85)."""

    class Kind(models.TextChoices):
        TRANSFER = "transfer", _("转让")
        LICENSE = "license", _("许可")
        OPEN_LICENSE = "open", _("开放许可")

    class LicenseType(models.TextChoices):
        ORDINARY = "ordinary", _("普通许可")
        SOLE = "sole", _("排他许可")
        EXCLUSIVE = "exclusive", _("独占许可")

    class PriceMode(models.TextChoices):
        LUMP_SUM = "lump_sum", _("一次性支付")
        ROYALTY = "royalty", _("提成支付")
        ENTRY_ROYALTY = "entry_royalty", _("入门费加提成")
        NEGOTIABLE = "negotiable", _("面议")

    class RoyaltyBase(models.TextChoices):
        NET_SALES = "net_sales", _("净销售额")
        PROFIT = "profit", _("利润")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        RETURNED = "returned", _("已退回")
        APPROVED = "approved", _("审核通过")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    application = models.ForeignKey("patents.Application", verbose_name=_("专利"), on_delete=models.PROTECT,
                                    related_name="market_listings")
    organization = models.ForeignKey("core.Organization", verbose_name=_("专利权人"), on_delete=models.PROTECT,
                                     related_name="market_listings")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("交易方式"), max_length=10, choices=Kind.choices)
    license_type = models.CharField(_("许可类型"), max_length=10, choices=LicenseType.choices, blank=True)
    title = models.CharField(_("挂牌标题"), max_length=200)
    summary = models.TextField(_("技术简介"), blank=True)
    # the payment method and standard (细则 Art. 85: 支付方式、标准); amounts in 万元, rates in per cent
    price_mode = models.CharField(_("支付方式"), max_length=16, choices=PriceMode.choices)
    lump_sum_wan = models.DecimalField(_("一次性费用（万元）"), max_digits=12, decimal_places=4, null=True, blank=True)
    entry_fee_wan = models.DecimalField(_("入门费（万元）"), max_digits=12, decimal_places=4, null=True, blank=True)
    royalty_base = models.CharField(_("提成基数"), max_length=10, choices=RoyaltyBase.choices, blank=True)
    royalty_rate = models.DecimalField(_("提成比例（%）"), max_digits=6, decimal_places=3, null=True, blank=True)
    term_start = models.DateField(_("许可期限起"), null=True, blank=True)
    term_end = models.DateField(_("许可期限止"), null=True, blank=True)
    other_terms = models.TextField(_("其他事项"), blank=True)
    # 专利法 Art. 50: a utility model or design declared open needs its 专利权评价报告
    evaluation_report_number = models.CharField(_("专利权评价报告编号"), max_length=60, blank=True)
    evaluation_report_file = models.CharField(_("专利权评价报告文件"), max_length=300, blank=True)
    # 细则 Art. 86 (四): a pledged patent may be declared open only with the pledgee's consent
    pledgee_consent = models.BooleanField(_("质权人同意"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.CharField(_("撤回原因"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return self.title


class Demand(models.Model):
    """A technology demand (技术需求): a public summary for everyone, details for the matched parties only."""

    class Mode(models.TextChoices):
        TRANSFER = "transfer", _("转让")
        LICENSE = "license", _("许可")
        JOINT_RD = "joint_rd", _("合作研发")
        CONSULTING = "consulting", _("技术咨询")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("征集中")
        CLOSED = "closed", _("已关闭")

    organization = models.ForeignKey("core.Organization", verbose_name=_("需求单位"), on_delete=models.PROTECT,
                                     related_name="market_demands")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("需求名称"), max_length=200)
    summary = models.TextField(_("公开摘要"))
    details = models.TextField(_("需求详情"), blank=True)  # the problem in full: shown to matched parties only
    ipc = models.CharField(_("技术领域（IPC）"), max_length=20, blank=True, db_index=True)
    sei = models.CharField(_("战略性新兴产业"), max_length=10, blank=True, db_index=True)
    trl = models.PositiveSmallIntegerField(_("技术成熟度（TRL）"), null=True, blank=True)
    budget_min_wan = models.DecimalField(_("预算下限（万元）"), max_digits=12, decimal_places=4, null=True, blank=True)
    budget_max_wan = models.DecimalField(_("预算上限（万元）"), max_digits=12, decimal_places=4, null=True, blank=True)
    mode = models.CharField(_("合作方式"), max_length=12, choices=Mode.choices)
    deadline = models.DateField(_("截止日期"), null=True, blank=True)
    chain = models.ForeignKey(IndustryChain, verbose_name=_("产业链"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="demands")
    region = models.ForeignKey("core.Region", verbose_name=_("地区"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DemandQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(trl__isnull=True) | models.Q(trl__gte=1, trl__lte=9),
                                   name="market_demand_trl_1_9"),
            models.CheckConstraint(condition=models.Q(budget_min_wan__isnull=True) | models.Q(budget_max_wan__isnull=True)
                                   | models.Q(budget_min_wan__lte=models.F("budget_max_wan")),
                                   name="market_demand_budget_ordered"),
        ]

    def __str__(self) -> str:
        return self.title


class Match(models.Model):
    """A party matched to a demand (by the matching engine or the office): the party's organisation then sees the
    demand's details. The candidate is a listing, a patent or the organisation itself (an expert or agency)."""

    class Source(models.TextChoices):
        ENGINE = "engine", _("系统匹配")
        OFFICE = "office", _("人工对接")

    class Interest(models.TextChoices):
        NONE = "", _("未答复")
        INTERESTED = "interested", _("有意向")
        DECLINED = "declined", _("无意向")

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="matches")
    organization = models.ForeignKey("core.Organization", verbose_name=_("匹配方"), on_delete=models.CASCADE,
                                     related_name="market_matches")
    listing = models.ForeignKey(Listing, null=True, blank=True, on_delete=models.CASCADE, related_name="matches")
    application = models.ForeignKey("patents.Application", null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="market_matches")
    score = models.FloatField(_("匹配度"), default=0)
    reasons = models.JSONField(_("匹配理由"), default=dict, blank=True)  # shared terms, classes, scores per factor
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.ENGINE)
    interest = models.CharField(_("意向"), max_length=12, choices=Interest.choices, default="", blank=True)
    interest_note = models.CharField(_("意向说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]
        indexes = [models.Index(fields=["organization", "demand"])]

    def __str__(self) -> str:
        return f"{self.demand_id} → {self.organization_id}"


# ---- 存量专利盘活: a university's or institute's stock patents, graded and pushed to enterprises ---------------------

class StockPatent(models.Model):
    """One patent of a university's or institute's stock (存量专利), self-rated by the holder and graded by the
    platform (market/grading.py). The campaign's steps are its status: 全面盘点 (imported), 筛选入库 (graded
    A–C: pooled; D: not pooled), 分层推广 (pushed), 已转化."""

    class Status(models.TextChoices):
        INVENTORIED = "inventoried", _("已盘点")
        POOLED = "pooled", _("已入库")
        SHELVED = "shelved", _("未入库")
        PROMOTED = "promoted", _("推广中")
        CONVERTED = "converted", _("已转化")

    class Source(models.TextChoices):
        PLATFORM = "platform", _("平台专利")
        SPREADSHEET = "spreadsheet", _("表格导入")

    class Prospects(models.IntegerChoices):
        BROAD = 5, _("5 前景广阔")
        GOOD = 4, _("4 前景较好")
        FAIR = 3, _("3 前景一般")
        POOR = 2, _("2 前景较差")
        UNCLEAR = 1, _("1 前景不明")

    organization = models.ForeignKey("core.Organization", verbose_name=_("专利权人"), on_delete=models.PROTECT,
                                     related_name="stock_patents")
    application = models.ForeignKey("patents.Application", verbose_name=_("专利"), on_delete=models.PROTECT,
                                    related_name="stock_entries")
    prospects = models.PositiveSmallIntegerField(_("前景自评"), choices=Prospects.choices, null=True, blank=True)
    trl = models.PositiveSmallIntegerField(_("技术成熟度（TRL）"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    grade = models.CharField(_("分级"), max_length=1, blank=True, db_index=True)
    score = models.FloatField(_("评分"), null=True, blank=True)
    reasons = models.JSONField(_("评分依据"), default=list, blank=True)  # market/grading.py, per indicator
    graded_at = models.DateTimeField(_("评级时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.INVENTORIED,
                              db_index=True)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices, default=Source.PLATFORM)
    source_name = models.CharField(_("导入文件"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score", "application__key"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "application"], name="market_stock_once_per_holder"),
            models.CheckConstraint(condition=models.Q(trl__isnull=True) | models.Q(trl__gte=1, trl__lte=9),
                                   name="market_stock_trl_1_9"),
            models.CheckConstraint(condition=models.Q(prospects__isnull=True)
                                   | models.Q(prospects__gte=1, prospects__lte=5), name="market_stock_prospects_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} ({self.organization_id})"


class StockPush(models.Model):
    """A stock patent pushed to an enterprise (分层推广), with why it fits, and the enterprise's answer."""

    class Interest(models.TextChoices):
        NONE = "", _("未答复")
        INTERESTED = "interested", _("有意向")
        DECLINED = "declined", _("无意向")

    class Reason(models.TextChoices):
        FITS = "fits", _("与我单位产品或技术方向契合")
        NEGOTIATE = "negotiate", _("希望进一步洽谈条件")
        FIELD = "field", _("技术领域不符")
        MATURITY = "maturity", _("技术成熟度不够")
        TERMS = "terms", _("价格或合作条件不合适")
        HAVE = "have", _("已有替代技术")
        NO_NEED = "no_need", _("暂无需求")
        OTHER = "other", _("其他")

    stock = models.ForeignKey(StockPatent, on_delete=models.CASCADE, related_name="pushes")
    organization = models.ForeignKey("core.Organization", verbose_name=_("推送企业"), on_delete=models.CASCADE,
                                     related_name="stock_pushes")
    score = models.FloatField(_("匹配度"), default=0)
    reasons = models.JSONField(_("匹配理由"), default=dict, blank=True)  # the matching engine's explanation
    pushed_at = models.DateTimeField(_("推送时间"), auto_now_add=True)
    pushed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    interest = models.CharField(_("意向"), max_length=12, choices=Interest.choices, default="", blank=True)
    reason = models.CharField(_("原因"), max_length=12, choices=Reason.choices, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-pushed_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["stock", "organization"], name="market_push_once")]

    def __str__(self) -> str:
        return f"{self.stock_id} → {self.organization_id}"
