"""轮训 plans (rotation training): the office's plan to train a whole population within a cycle of N months, in one
area, its coverage computed per district from the training credits (events/rotation.py). Imported by
events/models.py."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.events.rotation import MAX_MONTHS


class RotationPlan(models.Model):
    class Audience(models.TextChoices):
        PRACTITIONERS = "practitioners", _("专利代理机构执业人员（专利代理师）")
        MANAGERS = "managers", _("企业知识产权管理人员")

    name = models.CharField(_("轮训计划名称"), max_length=200)
    audience = models.CharField(_("轮训对象"), max_length=16, choices=Audience.choices)
    # the area: its districts are counted apart; the practitioners' agency or the managers' organisation lies in it
    region = models.ForeignKey("core.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    # only the people on this 人才清单 (e.g. the IP managers of the key enterprises); empty: everyone of the audience
    talent_list = models.ForeignKey("talent.TalentList", verbose_name=_("限定人才清单"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    starts_on = models.DateField(_("第一轮开始日期"))
    months = models.PositiveSmallIntegerField(_("轮训周期（月）"),
                                              validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHS)])
    # trained in a cycle: at least these hours credited in it; empty: any one training credit
    min_hours = models.DecimalField(_("每轮最少学时"), max_digits=5, decimal_places=1, null=True, blank=True)
    note = models.TextField(_("说明"), blank=True, max_length=4000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("轮训计划")

    def __str__(self) -> str:
        return self.name
