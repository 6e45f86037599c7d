"""人才库 (issue 17 item 5): IP professionals — patent attorneys of the agency registry, enterprise IP managers
(self-registered or entered by the office), experts of the projects pool — with their qualifications; their training
records are the events app's 学时 credits (by user, or by practitioner record). The office keeps named 人才清单
(such as 领军人才培引清单) of them. docs/talent.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    class Kind(models.TextChoices):
        PRACTITIONER = "practitioner", _("专利代理师")
        MANAGER = "manager", _("企业知识产权管理人员")
        EXPERT = "expert", _("专家")

    kind = models.CharField(_("人才类别"), max_length=12, choices=Kind.choices, db_index=True)
    name = models.CharField(_("姓名"), max_length=50)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("平台账号"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="talent")
    organization = models.ForeignKey("core.Organization", verbose_name=_("单位"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    organization_name = models.CharField(_("工作单位"), max_length=200, blank=True)  # when not a platform org
    practitioner = models.OneToOneField("agencies.Practitioner", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="talent")
    expert = models.OneToOneField("projects.Expert", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="talent")
    title = models.CharField(_("职称或职务"), max_length=100, blank=True)
    qualifications = models.TextField(_("资质与证书"), blank=True, max_length=4000)
    fields = models.CharField(_("专业领域"), max_length=300, blank=True)
    self_registered = models.BooleanField(_("本人登记"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def workplace(self) -> str:
        return self.organization.name if self.organization else self.organization_name


class TalentList(models.Model):
    """A named list of the office (人才清单), e.g. 领军人才培引清单 2026."""

    name = models.CharField(_("清单名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True, max_length=4000)
    year = models.PositiveIntegerField(_("年度"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class ListEntry(models.Model):
    talent_list = models.ForeignKey(TalentList, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="entries")
    note = models.CharField(_("备注"), max_length=500, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["talent_list", "person"], name="talent_entry_once")]

    def __str__(self) -> str:
        return f"{self.talent_list_id} {self.person_id}"


class Qualification(models.Model):
    """One qualification a person holds (资格证书), structured: kind, number, issuer, validity (talent/qualifying.py).
    The free-text `Person.qualifications` stays for what does not fit (其他说明)."""

    class Kind(models.TextChoices):
        PATENT_ATTORNEY = "patent_attorney", _("专利代理师资格")
        LAWYER = "lawyer", _("律师执业")
        IP_JUNIOR = "ip_junior", _("知识产权师（初级）")
        IP_MIDDLE = "ip_middle", _("知识产权师（中级）")
        IP_SENIOR = "ip_senior", _("知识产权师（高级）")
        TECH_BROKER = "tech_broker", _("技术经纪人")
        OTHER = "other", _("其他")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="qualification_list")
    kind = models.CharField(_("资格类别"), max_length=16, choices=Kind.choices, db_index=True)
    name = models.CharField(_("资格名称"), max_length=100, blank=True)  # what 其他 is
    number = models.CharField(_("证书编号"), max_length=60, blank=True)
    issuer = models.CharField(_("发证机关"), max_length=100, blank=True)
    valid_from = models.DateField(_("有效期起"), null=True, blank=True)
    valid_to = models.DateField(_("有效期至"), null=True, blank=True)  # empty: 长期有效
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            # the same certificate is recorded once per person (an import run twice adds nothing)
            models.UniqueConstraint(fields=["person", "kind", "number"], condition=~models.Q(number=""),
                                    name="talent_qualification_once"),
            models.CheckConstraint(condition=models.Q(valid_to__isnull=True) | models.Q(valid_from__isnull=True)
                                   | models.Q(valid_to__gte=models.F("valid_from")), name="talent_qualification_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()

    @property
    def label(self) -> str:
        return self.name if self.kind == self.Kind.OTHER and self.name else str(self.get_kind_display())
