"""投诉举报 against IP service organisations: filed by anyone (anonymously or signed in) on the public form, handled
by the office on the workflow engine (agencies/complaint_flow.py) with its time limits; a substantiated one
becomes an event in the agency's credit file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Complaint(models.Model):
    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("投诉")
        REPORT = "report", _("举报")

    number = models.CharField(_("编号"), max_length=30, unique=True)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.COMPLAINT)
    # whom it is about: the registered agency or service organisation when known, and the name as filed
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("专利代理机构"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="complaints")
    service_organization = models.ForeignKey("agencies.ServiceOrganization", verbose_name=_("服务机构"), null=True,
                                             blank=True, on_delete=models.PROTECT, related_name="complaints")
    subject_name = models.CharField(_("被投诉举报机构"), max_length=200)
    description = models.TextField(_("事实和理由"))
    complainant = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="complaints")
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    # a keyed hash of the filer's address: counts filings per hour (rate limit) without keeping the address
    submitter_key = models.CharField(max_length=64, blank=True, db_index=True)
    # the hash of the query code given once to the filer, to follow the case without an account
    query_hash = models.CharField(max_length=64, blank=True)
    state = models.CharField(_("状态"), max_length=20, db_index=True)
    fields = models.JSONField(default=dict, blank=True)  # what the transitions recorded (reasons, findings …)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办人"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="handled_complaints")
    clock_started = models.DateField(null=True, blank=True)
    due = models.DateField(_("应办结日期"), null=True, blank=True, db_index=True)
    paused_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    waited = models.PositiveIntegerField(default=0)
    credit_event_ref = models.CharField(_("信用记录"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("投诉举报")

    def __str__(self) -> str:
        return self.number


class ComplaintStep(models.Model):
    """One transition of a complaint: who, when, from and to which state, the fields given."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")
    transition = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    role = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True)
    fields = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
