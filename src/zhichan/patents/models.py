"""Patent records (the application is the unit), their sources, imports and reference data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.patents import names, record, status

# Display labels of the pure modules' codes, written out here so that they are translatable (pure modules import
# no Django). Tests check they cover the same codes.
PATENT_TYPE_CHOICES = [(record.INVENTION, _("发明")), (record.UTILITY, _("实用新型")), (record.DESIGN, _("外观设计")),
                       (record.OTHER_TYPE, _("其他"))]
LEGAL_STATUS_CHOICES = [(status.VALID, _("有效")), (status.PENDING, _("审中")), (status.LAPSED, _("失效")),
                        (status.REJECTED, _("驳回")), (status.WITHDRAWN, _("撤回")), (status.PCT, _("PCT国际阶段")),
                        (status.UNKNOWN, _("未知"))]
PARTY_TYPE_CHOICES = [(names.ENTERPRISE, _("企业")), (names.UNIVERSITY, _("高校")), (names.INSTITUTE, _("科研院所")),
                      (names.INDIVIDUAL, _("个人")), (names.OTHER, _("机关团体及其他"))]
STATUS_DATE_SOURCES = {"option": _("导入时指定"), "name": _("取自文件名或文件夹名"), "file": _("取自文件中最晚的日期")}
PARTY_ROLE_CHOICES = [(record.APPLICANT, _("申请人")), (record.HOLDER, _("专利权人")), (record.INVENTOR, _("发明人")),
                      (record.AGENCY, _("代理机构")), (record.AGENT, _("代理人"))]


class Application(models.Model):
    """One patent application (申请); its publications (A, B, U, S …) hang under it."""

    key = models.CharField(_("申请号"), max_length=40, unique=True)
    country = models.CharField(_("国别"), max_length=2, db_index=True)
    patent_type = models.CharField(_("专利类型"), max_length=10, db_index=True,
                                   choices=PATENT_TYPE_CHOICES)
    title = models.TextField(_("标题"), blank=True)
    title_en = models.TextField(_("英文标题"), blank=True)
    abstract = models.TextField(_("摘要"), blank=True)
    filing_date = models.DateField(_("申请日"), null=True, blank=True, db_index=True)
    filing_year = models.PositiveSmallIntegerField(_("申请年"), null=True, blank=True, db_index=True)
    priority_date = models.DateField(_("优先权日"), null=True, blank=True)
    publication_date = models.DateField(_("公开日"), null=True, blank=True)
    grant_date = models.DateField(_("授权日"), null=True, blank=True)
    legal_status = models.CharField(_("法律状态"), max_length=10, db_index=True, default=status.UNKNOWN,
                                    choices=LEGAL_STATUS_CHOICES)
    main_ipc = models.CharField(_("主分类号"), max_length=20, blank=True, db_index=True)
    first_applicant = models.CharField(_("第一申请人"), max_length=300, blank=True)
    region = models.ForeignKey("core.Region", verbose_name=_("地区"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    province_code = models.CharField(max_length=6, blank=True, db_index=True)
    city_code = models.CharField(max_length=6, blank=True, db_index=True)
    sei_codes = models.JSONField(_("战略性新兴产业"), default=list, blank=True)
    data = models.JSONField(default=dict)  # canonical snapshot (record.PatentRecord.snapshot())
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)  # the analysis table follows it

    class Meta:
        ordering = ["-filing_date", "key"]
        indexes = [models.Index(fields=["patent_type", "filing_year"])]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"

    @property
    def patent_type_label(self) -> str:
        return self.get_patent_type_display()


class Publication(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="publications")
    number = models.CharField(_("公开号"), max_length=40, db_index=True)
    country = models.CharField(max_length=2)
    kind = models.CharField(max_length=4, blank=True)
    date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["date", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="uniq_publication")]


class Party(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=10, choices=PARTY_ROLE_CHOICES)
    seq = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=300)
    normalized_name = models.CharField(max_length=300, db_index=True)
    party_type = models.CharField(max_length=12, choices=PARTY_TYPE_CHOICES)
    address = models.CharField(max_length=500, blank=True)
    country = models.CharField(max_length=2, blank=True)
    region = models.ForeignKey("core.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    region_source = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["role", "seq"]


class IpcAssignment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="ipc_assignments")
    code = models.CharField(max_length=20, db_index=True)
    is_main = models.BooleanField(default=False)
    seq = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["seq"]


class LegalEvent(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(null=True, blank=True)
    code = models.CharField(max_length=40, blank=True)
    description = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["date", "pk"]


class ImportRun(models.Model):
    """One `zhichan import` or one upload on the import page."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    origin = models.CharField(max_length=10, default="cli")  # cli | web | demo
    counts = models.JSONField(default=dict)
    worker = models.CharField(max_length=120, blank=True)  # host:pid:start of the process importing (recovery)

    class Meta:
        ordering = ["-started_at"]


class ImportFile(models.Model):
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64, db_index=True)
    format = models.CharField(max_length=40)
    status = models.CharField(max_length=10, default="running")  # running | done | failed
    error = models.TextField(blank=True)
    counts = models.JSONField(default=dict)
    status_date = models.DateField(_("状态日期"), null=True, blank=True)  # the day the file's status words describe
    status_date_source = models.CharField(max_length=10, blank=True)  # option | name | file (ingest.statusdate)

    class Meta:
        ordering = ["-run__started_at", "pk"]

    def get_status_date_source_label(self) -> str:
        return str(STATUS_DATE_SOURCES.get(self.status_date_source, ""))


class SourceRecord(models.Model):
    """The row of a file an application was read from, as it stood in that file."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="sources")
    file_sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=500)
    row = models.PositiveIntegerField()
    format = models.CharField(max_length=40)
    raw = models.JSONField(default=dict)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["imported_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "file_sha256", "row"], name="uniq_source")]


class ChangeRecord(models.Model):
    """What a newer record changed on an existing application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="changes")
    import_file = models.ForeignKey(ImportFile, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField(default=dict)  # field -> [old, new]

    class Meta:
        ordering = ["-at"]


class RejectedRow(models.Model):
    import_file = models.ForeignKey(ImportFile, on_delete=models.CASCADE, related_name="rejected_rows")
    row = models.PositiveIntegerField()
    column = models.CharField(max_length=200, blank=True)
    value = models.TextField(blank=True)
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["row", "pk"]


class IpcTitle(models.Model):
    code = models.CharField(max_length=20, primary_key=True)
    title_zh = models.TextField(blank=True)
    title_en = models.TextField(blank=True)


class SeiCategory(models.Model):
    """A strategic emerging industry field (e.g. 1.5 人工智能) under one of the nine industries."""

    INDUSTRIES = {
        "1": "新一代信息技术产业", "2": "高端装备制造产业", "3": "新材料产业", "4": "生物产业", "5": "新能源汽车产业",
        "6": "新能源产业", "7": "节能环保产业", "8": "数字创意产业", "9": "相关服务业",
    }
    code = models.CharField(max_length=10, primary_key=True)
    name = models.CharField(max_length=100)

    @property
    def industry(self) -> str:
        return self.INDUSTRIES.get(self.code.split(".")[0], "")


class SeiIpc(models.Model):
    ipc_code = models.CharField(max_length=20, db_index=True)
    sei = models.ForeignKey(SeiCategory, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ipc_code", "sei"], name="uniq_sei_ipc")]


class ApplicantPlace(models.Model):
    """The applicant directory (申请人名录): where a party of a given name is, for records that do not say. Learnt from
    every imported record with an address, from organisations registered on the platform, and entered or imported
    (企业名录) by the office; an office entry is never overwritten by learning."""

    LEARNT, ORGANISATION, OFFICE = "learnt", "organisation", "office"
    SOURCES = [(LEARNT, _("由带地址的记录学得")), (ORGANISATION, _("平台注册机构")), (OFFICE, _("知识产权局录入"))]

    normalized_name = models.CharField(max_length=300, unique=True)
    name = models.CharField(_("名称"), max_length=300)
    region = models.ForeignKey("core.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    address = models.CharField(_("地址"), max_length=500, blank=True)
    source = models.CharField(_("来源"), max_length=12, choices=SOURCES, default=LEARNT)
    records = models.PositiveIntegerField(default=0)  # learnt: how many records gave this place
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Outbox(models.Model):
    """Applications written since the search index last saw them, written in the same transaction as the change
    (the index drains it; a crash leaves the rows for the next drain). `created` marks a new application;
    the status pair records a legal-status change (for monitoring)."""

    application_id = models.BigIntegerField()
    created = models.BooleanField(default=False)
    status_from = models.CharField(max_length=10, blank=True)
    status_to = models.CharField(max_length=10, blank=True)
    at = models.DateTimeField(auto_now_add=True)


class PatentFact(models.Model):
    """Indicator facts of one application (patents.facts), rewritten with it by the loader. Dates are yyyymmdd
    integers so that "valid on D" and "high-value on D" are plain comparisons in one SQL aggregate."""

    application = models.OneToOneField(Application, primary_key=True, on_delete=models.CASCADE, related_name="fact")
    country = models.CharField(max_length=2, blank=True)  # the office (CN; WO for a PCT international application)
    patent_type = models.CharField(max_length=10)
    domestic = models.BooleanField()
    region = models.CharField(max_length=6, blank=True, db_index=True)
    applicant_type = models.CharField(max_length=12, blank=True)
    filing = models.IntegerField(null=True)
    grant = models.IntegerField(null=True)  # the grant, or the first status date saying "in force" (grant_known off)
    grant_known = models.BooleanField(default=True)
    end = models.IntegerField(null=True)
    gap1_from = models.IntegerField(null=True)
    gap1_to = models.IntegerField(null=True)
    gap2_from = models.IntegerField(null=True)
    gap2_to = models.IntegerField(null=True)
    gaps_more = models.BooleanField(default=False)  # further lapses in FactGap
    ten_from_filing = models.IntegerField(null=True)
    ten_from_grant = models.IntegerField(null=True)
    sei_main = models.BooleanField(default=False)
    sei_any = models.BooleanField(default=False)
    family_abroad = models.BooleanField(default=False)
    pledge_max_wan = models.FloatField(default=0)
    pct = models.BooleanField(default=False)  # PCT international application of a domestic applicant
    pct_national = models.BooleanField(default=False)  # PCT national-phase entry into China


class FactGap(models.Model):
    """The lapses of an application beyond the two kept on its PatentFact row, [start, stop) as yyyymmdd."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="fact_gaps")
    start = models.IntegerField()
    stop = models.IntegerField()


class FactRegion(models.Model):
    """Every holder's region of an application, with its share (1/n), for the all-holders attribution settings."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="fact_regions")
    region = models.CharField(max_length=6, db_index=True)
    share = models.FloatField()


class PatentAward(models.Model):
    """A China Patent Award or national S&T award (high-value criterion 5), entered by the office."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="awards")
    name = models.CharField(_("奖项"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    created_at = models.DateTimeField(auto_now_add=True)
