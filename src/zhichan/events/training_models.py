"""Training records (issue 17 item 6): the 学时 credited for one checked-in registration of an event with hours,
with the certificate's number and public verification code. Imported by events/models.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Credit(models.Model):
    """学时 credited to a person: the user who registered and, when they gave a 资格证号 matching an agencies
    practitioner with the same name, that practitioner record. Copies of the event's hours and category at the time
    of the credit (a later edit of the event does not rewrite an issued certificate)."""

    class Category(models.TextChoices):
        PROFESSIONAL = "professional", _("专业科目")
        GENERAL = "general", _("公需科目")

    registration = models.OneToOneField("events.Registration", on_delete=models.PROTECT, related_name="credit")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_credits")
    practitioner = models.ForeignKey("agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="training_credits")
    organization = models.ForeignKey("core.Organization", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    year = models.PositiveIntegerField(_("年度"), db_index=True)  # the year of the event's start (Asia/Shanghai)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    category = models.CharField(_("科目类别"), max_length=12, choices=Category.choices)
    credited_at = models.DateTimeField(_("登记时间"))
    number = models.CharField(_("证书编号"), max_length=20, unique=True)  # 2026-000001
    code = models.CharField(_("验证码"), max_length=16, unique=True)  # the public verification code

    class Meta:
        ordering = ["-year", "-credited_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="events_credit_hours_positive")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"
