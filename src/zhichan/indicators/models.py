"""Indicator definitions, population, computed figures (with the settings they used) and reported values."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class IndicatorDefinition(models.Model):
    COMPUTED, REPORTED, TASK = "computed", "reported", "task"
    KIND_CHOICES = [(COMPUTED, _("平台计算")), (REPORTED, _("部门填报")), (TASK, _("工作任务"))]

    code = models.CharField(max_length=40, primary_key=True)
    name_zh = models.CharField(_("指标名称"), max_length=100)
    name_en = models.CharField(max_length=200)
    unit = models.CharField(pgettext_lazy("measure", "单位"), max_length=20)
    kind = models.CharField(_("类型"), max_length=10, choices=KIND_CHOICES)
    formula = models.TextField(_("计算口径"), blank=True)
    levels = models.JSONField(default=list)  # region levels: province, city, district
    department = models.CharField(_("责任部门"), max_length=100, blank=True)
    public = models.BooleanField(_("公开"), default=False)
    seeds = models.JSONField(default=list)  # which seed plans name it

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_zh

    # In the reader's language: the English name where the catalogue has one; the unit, formula and department
    # through the .po catalogue (catalogue.py marks them; an indicator added from a plan keeps its Chinese words).
    @property
    def name(self) -> str:
        return self.name_en if self.name_en and not (get_language() or "zh").startswith("zh") else self.name_zh

    @property
    def unit_label(self) -> str:
        return pgettext("unit", self.unit) if self.unit else ""  # catalogue.UNIT_WORDS

    @property
    def formula_label(self) -> str:
        return gettext(self.formula) if self.formula else ""

    @property
    def department_label(self) -> str:
        return gettext(self.department) if self.department else ""


class Population(models.Model):
    """Resident population (常住人口) of a region in a year, entered or uploaded by the office."""

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    persons = models.PositiveIntegerField(_("常住人口（人）"))
    source = models.CharField(_("来源"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="population_once")]


class ComputedFigure(models.Model):
    """One computed value: the indicator for a region as of a date, with the settings and inputs it used."""

    indicator = models.ForeignKey(IndicatorDefinition, on_delete=models.CASCADE)
    region = models.ForeignKey("core.Region", on_delete=models.CASCADE)
    as_of = models.DateField()
    value = models.FloatField(null=True)  # None: cannot be computed (e.g. no population), see note
    numerator = models.FloatField()
    population = models.PositiveIntegerField(null=True)
    note = models.CharField(max_length=200, blank=True)
    settings = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now_add=True)
    # of the numerator: records counted for the region but placed in none of the regions under it (未定位)
    unplaced = models.FloatField(null=True)
    # of the numerator: records valid from a status date, their grant date not in the data (授权日未知)
    grant_unknown = models.FloatField(null=True)

    class Meta:
        indexes = [models.Index(fields=["indicator", "region", "as_of"])]


class Publication(models.Model):
    """A computation the office published on the public statistics page: a scope, a statistics date and the
    settings, its figures copied as they were (PublishedFigure), so that a later computation — a what-if run with
    other settings, or the same one again after new records came in — changes nothing the public sees until an
    office user publishes again."""

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField(_("统计日"))
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    settings = models.JSONField(default=dict)  # (after the user field: the name hides django.conf.settings)

    class Meta:
        ordering = ["-published_at", "-pk"]


class PublishedFigure(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="figures")
    indicator = models.ForeignKey(IndicatorDefinition, on_delete=models.CASCADE)
    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    value = models.FloatField(null=True)  # None: could not be computed (no population), as the figure said
    note = models.CharField(max_length=200, blank=True)


class ReportedValue(models.Model):
    DRAFT, APPROVED = "draft", "approved"

    indicator = models.ForeignKey(IndicatorDefinition, on_delete=models.CASCADE)
    region = models.ForeignKey("core.Region", on_delete=models.CASCADE)
    period = models.CharField(_("期间"), max_length=10)  # 2024, 2024H1, 2024Q3
    value = models.FloatField(_("数值"))
    source_note = models.CharField(_("来源说明"), max_length=300)
    status = models.CharField(max_length=10, default=DRAFT)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)


class Plan(models.Model):
    """A set of indicators for a region with a baseline and targets per year (or quarter)."""

    name = models.CharField(_("规划名称"), max_length=200)
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    source = models.CharField(_("依据"), max_length=300, blank=True)
    is_template = models.BooleanField(default=False)
    template_key = models.CharField(max_length=40, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class PlanIndicator(models.Model):
    ABSOLUTE, GROWTH, REDUCTION = "absolute", "growth", "reduction"  # growth / reduction: percent of baseline

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(null=True, blank=True)  # the row number in the plan's own table
    indicator = models.ForeignKey(IndicatorDefinition, on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(default=0)
    target_kind = models.CharField(max_length=10, default=ABSOLUTE)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    baseline_value = models.FloatField(null=True, blank=True)
    wording = models.TextField(_("原文表述"), blank=True)

    class Meta:
        ordering = ["plan", "order"]


class PlanTarget(models.Model):
    item = models.ForeignKey(PlanIndicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(max_length=8)  # 2026, 2025Q2
    value = models.FloatField(null=True, blank=True)  # absolute, or percent for growth / reduction targets
    text = models.CharField(_("序时进度"), max_length=300, blank=True)  # the milestone as the plan writes it

    class Meta:
        ordering = ["item", "period"]


class Report(models.Model):
    """A generated periodic report (DOCX + XLSX) kept under ZHICHAN_HOME/reports."""

    city = models.ForeignKey("core.Region", on_delete=models.CASCADE)
    period = models.CharField(max_length=8)
    kind = models.CharField(max_length=10)
    title = models.CharField(max_length=200)
    docx_name = models.CharField(max_length=200)
    xlsx_name = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


# The status words of indicators.progress (a pure module), written out here so that they are translatable.
PROGRESS_LABELS = [_("按进度"), _("有风险"), _("滞后"), _("已完成"), _("暂无数据")]
