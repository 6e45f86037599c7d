"""The indicator catalogue, seeded with every quantitative indicator of the seed plans (000 徐州泉山, 002 东营区,
003 南通) and the platform's computed ones. (code, 中文名, English, unit, kind, formula, levels, department, seeds)
Formulas and departments are marked for the catalogue (units below): pages show them in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_noop as _
from django.utils.translation import pgettext_lazy

C, R = "computed", "reported"
ALL = ["nation", "province", "city", "district"]

CATALOGUE: list[tuple[str, str, str, str, str, str, list[str], str, list[str]]] = [
    ("valid_invention", "有效发明专利拥有量", "Valid invention patents held", "件", C,
     _("统计日有效、第一专利权人为境内（不含港澳台）且归属本地区的发明专利数；仅有法律状态“有效”而无授权日的记录"
     "自状态日期起计为有效，并在数字旁注明件数（国家知识产权局统计口径）"), ALL, _("市场监管局（知识产权局）"),
     ["000", "002", "003"]),
    ("valid_invention_foreign", "境外权利人在华有效发明专利", "Valid invention patents in China held from abroad", "件",
     C, _("统计日有效、第一专利权人在境外（含港澳台）的中国发明专利数；仅全国范围有意义（境外权利人不归属境内地区）"),
     ["nation"], _("市场监管局（知识产权局）"), []),
    ("valid_invention_per_10k", "每万人口有效发明专利拥有量", "Valid invention patents per 10,000 people", "件/万人", C,
     _("有效发明专利拥有量 ÷（常住人口/10,000）"), ALL, _("市场监管局（知识产权局）"), ["002", "003"]),
    ("high_value_invention", "高价值发明专利拥有量", "High-value invention patents held", "件", C,
     _("有效发明专利中满足五项条件之一者，每件只计一次（国家知识产权局高价值发明专利统计口径）"), ALL, _("市场监管局（知识产权局）"), ["002"]),
    ("high_value_per_10k", "每万人口高价值发明专利拥有量", "High-value invention patents per 10,000 people",
     "件/万人", C, _("高价值发明专利拥有量 ÷（常住人口/10,000）"), ALL, _("市场监管局（知识产权局）"), ["002"]),
    ("grants_invention", "发明专利授权量", "Invention patents granted (year to date)", "件", C,
     _("统计年度 1 月 1 日至统计日授权的发明专利数"), ALL, _("市场监管局（知识产权局）"), ["000", "003"]),
    ("grants_utility", "实用新型专利授权量", "Utility models granted (year to date)", "件", C, _("同上，实用新型"), ALL,
     _("市场监管局（知识产权局）"), []),
    ("grants_design", "外观设计专利授权量", "Designs granted (year to date)", "件", C, _("同上，外观设计"), ALL,
     _("市场监管局（知识产权局）"), []),
    ("applications_invention", "发明专利申请量", "Invention applications (year to date)", "件", C,
     _("统计年度内申请的发明专利数"), ALL, _("市场监管局（知识产权局）"), ["000"]),
    ("applications_utility", "实用新型专利申请量", "Utility model applications (year to date)", "件", C, _("同上"), ALL,
     _("市场监管局（知识产权局）"), []),
    ("applications_design", "外观设计专利申请量", "Design applications (year to date)", "件", C, _("同上"), ALL,
     _("市场监管局（知识产权局）"), []),
    ("pct_applications", "PCT专利申请量", "PCT international applications (year to date)", "件", C,
     _("统计年度内（按国际申请日）本地区申请人提出的 PCT 国际申请数：受理局为国家知识产权局（PCT/CN…）或申请人位于境内的"
     "国际申请；进入中国国家阶段的申请另计"), ALL, _("市场监管局（知识产权局）"), ["000", "003"]),
    ("pct_national_phase", "PCT进入中国国家阶段申请量", "PCT applications entering the Chinese national phase",
     "件", C, _("统计年度内（按国际申请日）境内申请人的 PCT 申请进入中国国家阶段的数量（申请号第 5 位为 8 或 9）"), ALL,
     _("市场监管局（知识产权局）"), []),
    ("applications_by_enterprise", "企业专利申请量", "Applications by enterprises", "件", C, _("第一申请人为企业"), ALL,
     _("市场监管局（知识产权局）"), []),
    ("applications_by_university", "高校专利申请量", "Applications by universities", "件", C, _("第一申请人为高校"), ALL,
     _("市场监管局（知识产权局）"), []),
    ("applications_by_institute", "科研院所专利申请量", "Applications by research institutes", "件", C,
     _("第一申请人为科研院所"), ALL, _("市场监管局（知识产权局）"), []),
    ("applications_by_individual", "个人专利申请量", "Applications by individuals", "件", C, _("第一申请人为个人"), ALL,
     _("市场监管局（知识产权局）"), []),
    ("valid_trademarks", "有效注册商标总量", "Valid registered trademarks", "件", R, _("本地区权利人的有效注册商标"),
     ALL, _("市场监管局"), ["002", "003"]),
    ("trademarks_per_10k", "万人有效注册商标量", "Valid trademarks per 10,000 people", "件/万人", R, "", ALL,
     _("市场监管局"), ["003"]),
    ("madrid_trademarks", "马德里商标国际注册量", "Madrid international trademark registrations", "件", R, "", ALL,
     _("市场监管局"), ["003"]),
    ("geographical_indications", "地理标志数量", "Geographical indications", "件", R, "", ALL, _("市场监管局"),
     ["002", "003"]),
    ("copyright_registrations", "版权登记总量", "Copyright registrations", "件", R, "", ALL, _("宣传部（版权局）"),
     ["002", "003"]),
    ("pledge_financing", "知识产权质押融资额", "IP pledge financing", "亿元", C,
     _("统计年度 1 月 1 日至统计日登记的质押融资金额之和（交易登记中的质押，按出质人所在地区；部门仍可填报）"), ALL,
     _("市场监管局、金融监管部门"), ["000", "002", "003"]),
    ("enforcement_cases", "知识产权行政执法办案量", "Administrative enforcement cases", "件", R, "", ALL, _("市场监管局"),
     ["002", "003"]),
    ("case_closing_days", "平均结案时间", "Average case closing time", "天", R, "", ALL, _("市场监管局"), ["002"]),
    ("trusteeship_enterprises", "知识产权托管服务覆盖企业数", "Enterprises under IP trusteeship", "家", R, "", ALL,
     _("市场监管局"), ["002"]),
    ("assistance_enterprises", "维权援助服务企业数", "Enterprises given rights-protection assistance", "家", R, "",
     ALL, _("市场监管局"), ["002"]),
    ("training_persons", "知识产权培训人次", "IP training attendances", "人次", R, "", ALL, _("市场监管局"), ["002"]),
    ("lectures_held", "知识产权讲座期数", "IP lectures held", "期", R, "", ALL, _("市场监管局"), ["000"]),
    ("service_institutions", "知识产权服务机构数量", "IP service institutions", "家", R, "", ALL, _("市场监管局"),
     ["000", "003"]),
    ("service_staff", "知识产权服务业从业人员", "IP service staff", "人", R, "", ALL, _("市场监管局"), ["000"]),
    ("service_revenue", "知识产权服务收入", "IP service revenue", "亿元", R, "", ALL, _("市场监管局"), ["000"]),
    ("ip_transactions", "知识产权交易额", "IP transaction value", "亿元", C,
     _("统计年度 1 月 1 日至统计日生效的转让、许可、开放许可实施的金额之和（交易登记，按出让方所在地区；部门仍可填报）"), ALL,
     _("市场监管局"), ["000"]),
    ("transfer_licence_count", "专利转让许可次数", "Patent transfers and licences", "次", C,
     _("统计年度 1 月 1 日至统计日生效的转让、许可、开放许可实施的次数，含从法律状态识别的转移、许可备案"), ALL,
     _("市场监管局"), []),
    ("demonstration_enterprises", "知识产权示范优势企业数", "IP demonstration and advantage enterprises", "家", R,
     _("国家级、省级累计"), ALL, _("市场监管局"), ["002"]),
    ("ip_talents", "知识产权专业管理人才培养数", "IP management professionals trained", "名", R, "", ALL, _("市场监管局"),
     ["002"]),
    ("trademark_enterprises", "万企有效注册商标企业数", "Enterprises holding valid trademarks", "家", R, "", ALL,
     _("市场监管局"), ["000"]),
    ("training_bases", "新增知识产权培训基地", "New IP training bases (national, provincial)", "家", R, "", ALL,
     _("市场监管局"), ["000"]),
    ("info_service_institutions", "新增知识产权信息公共服务机构", "New IP information service institutions", "家", R,
     "", ALL, _("市场监管局"), ["000"]),
    ("public_service_nodes", "县（市、区）知识产权公共服务节点", "County-level IP public service nodes", "个", R,
     _("覆盖的县（市、区）数"), ALL, _("市场监管局"), ["004"]),
    ("provincial_info_service_points", "省级知识产权信息公共服务网点", "Provincial IP information service points", "家", R,
     "", ALL, _("市场监管局"), ["004"]),
    ("thematic_databases", "区域主导产业专题数据库", "Thematic patent databases of leading industries", "个", R, "",
     ALL, _("市场监管局"), ["004"]),
    ("high_value_cultivation_centers", "高价值专利培育中心", "High-value patent cultivation centres", "个", R, "", ALL,
     _("市场监管局"), ["001"]),
    ("patent_agency_rate", "专利代理率", "Share of patent applications filed through an agency", "%", R, "", ALL,
     _("市场监管局"), ["000"]),
]


# The documents the seed numbers of the last column stand for, as the catalogue page names them.
SEED_DOCUMENTS = {
    "000": "徐州市泉山区建设国家知识产权服务业高质量集聚发展试验区实施方案（徐政办发〔2024〕8号）",
    "001": "成都市知识产权局关于知识产权赋能产业高质量发展的实施意见（成知发〔2024〕3号）",
    "002": "东营区国家知识产权强县建设示范工作方案（2024—2026年）",
    "003": "南通市加快建设知识产权强市工作方案（2017~2020年）",
    "004": "安庆市知识产权公共服务能力提升行动方案",
}


def plan_names() -> dict[str, str]:
    """The keys a plan's own indicators record as their source (a template's key, plan-<id> for an imported plan)
    → the plan's name."""
    from zhichan.indicators.models import Plan

    out = {}
    for pk, key, name in Plan.objects.values_list("pk", "template_key", "name"):
        out[f"plan-{pk}"] = name
        if key:
            out[key] = name
    return out


def source_names(seeds: list[str], plans: dict[str, str]) -> list[str]:
    """The documents an indicator comes from, by name: a seed document, or a plan on the platform (`plan_names`)."""
    return [SEED_DOCUMENTS.get(key) or plans[key] for key in seeds if key in SEED_DOCUMENTS or key in plans]


PUBLIC_BY_DEFAULT = {"valid_invention", "valid_invention_per_10k", "high_value_invention", "high_value_per_10k",
                     "grants_invention", "pct_applications"}


def reportable(indicator: object) -> bool:
    """A department may report a value for a reported indicator, and for one another app computes (providers.py:
    知识产权交易额, 质押融资额 …), whose official figure may come from outside the platform (docs/indicators.md)."""
    from zhichan.indicators import providers

    return getattr(indicator, "kind", "") == R or getattr(indicator, "code", "") in providers.codes()


def reportable_codes() -> list[str]:
    from zhichan.indicators import providers
    from zhichan.indicators.models import IndicatorDefinition

    return list(IndicatorDefinition.objects.filter(kind=R).values_list("code", flat=True)) + sorted(providers.codes())


def sync() -> int:
    """Upsert the catalogue (kept in code, reviewed like code)."""
    from zhichan.indicators.models import IndicatorDefinition

    for code, zh, en, unit, kind, formula, levels, department, seeds in CATALOGUE:
        # `public` is the office's choice: set once, never overwritten
        IndicatorDefinition.objects.update_or_create(code=code, defaults={
            "name_zh": zh, "name_en": en, "unit": unit, "kind": kind, "formula": formula, "levels": levels,
            "department": department, "seeds": seeds}, create_defaults={
            "name_zh": zh, "name_en": en, "unit": unit, "kind": kind, "formula": formula, "levels": levels,
            "department": department, "seeds": seeds, "public": code in PUBLIC_BY_DEFAULT})
    return len(CATALOGUE)


# The units in the reader's language (IndicatorDefinition.unit_label), marked in their own context: as a unit 件 is a
# count, elsewhere on the pages it is applications. With the units the plan templates bring (plans.py defines those).
UNIT_WORDS = (pgettext_lazy("unit", "件"), pgettext_lazy("unit", "件/万人"), pgettext_lazy("unit", "家"),
              pgettext_lazy("unit", "人"), pgettext_lazy("unit", "个"), pgettext_lazy("unit", "亿元"),
              pgettext_lazy("unit", "人次"), pgettext_lazy("unit", "名"), pgettext_lazy("unit", "天"),
              pgettext_lazy("unit", "项"), pgettext_lazy("unit", "万元"),
              pgettext_lazy("unit", "次"), pgettext_lazy("unit", "期"))
