"""The windows and the public service catalogue with their guides (办事指南), created on migrate and then
edited by office administrators (the text below is only the first version; marked for the catalogue, so that
pages show the first version in English, and an office's own rewrite as it wrote it)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop as _

from zhichan.core.workflow.services import MACHINES

GUIDES: list[dict[str, str]] = [
    {"code": "preexam_entity", "name": _("专利预审主体备案"), "summary": _("企业、高校、科研院所等创新主体在保护中心办理备案，备案通过后可提交专利预审请求。"),
     "who": _("在本市注册、主营业务属于保护中心服务产业领域的企业、高校和科研院所"), "conditions": _("依法登记；主营业务属于保护中心技术领域；无非正常专利申请等不良记录"),
     "materials": _("备案申请表；营业执照或法人登记证书（PDF）"), "steps": _("网上提交 → 窗口审核 → 补正（如需） → 备案通过"), "time_limit": _("5 个工作日"),
     "fee": _("免费"), "place": _("知识产权保护中心一站式服务大厅 / 线上")},
    {"code": "preexam", "name": _("专利预审"), "summary": _("备案主体在向国家知识产权局正式提交专利申请前，由保护中心进行预先审查，合格后快速审查。"),
     "who": _("已完成备案的创新主体"), "conditions": _("分类号属于保护中心预审技术领域；非PCT国家阶段申请、非分案申请"),
     "materials": _("申请文件（请求书、说明书、权利要求书等，PDF 或 Word）"), "steps": _("提交预审请求 → 认领审查 → 补正（如需） → 预审合格 → 规定期限内正式提交"),
     "time_limit": _("7 个工作日内给出预审结果（补正期间暂停计时）"), "fee": _("免费"), "place": _("线上")},
    {"code": "assistance", "name": _("维权援助"), "summary": _("为遭遇知识产权侵权或纠纷的企业和个人提供咨询、指导和协调等援助。"),
     "who": _("企业、高校、科研院所和个人"), "conditions": _("有明确的被投诉方和事实"), "materials": _("情况说明；权属证明；侵权证据（可补充）"),
     "steps": _("提交 → 受理（5 个工作日） → 分派承办 → 指导与措施 → 结案"), "time_limit": _("受理 5 个工作日；办理 30 个工作日"),
     "fee": _("免费"), "place": _("维权援助中心 / 线上")},
    {"code": "trademark", "name": _("商标业务"), "summary": _("商标注册、变更、转让、续展等业务的咨询与代办指导。"), "who": _("企业和个人"),
     "conditions": "", "materials": _("业务申请材料"), "steps": _("提交 → 办理 → 办结"), "time_limit": _("5 个工作日"), "fee": _("按国家规定收费"),
     "place": _("商标业务受理窗口")},
    {"code": "layout_design", "name": _("集成电路布图设计"), "summary": _("集成电路布图设计登记的咨询与办理指导。"), "who": _("企业、高校、科研院所"),
     "conditions": "", "materials": _("登记申请材料"), "steps": _("提交 → 办理 → 办结"), "time_limit": _("5 个工作日"), "fee": _("按国家规定收费"),
     "place": _("线上")},
    {"code": "pledge", "name": _("知识产权质押登记"), "summary": _("专利权、商标专用权质押登记的受理与辅导，登记信息计入质押融资统计。"),
     "who": _("出质人、质权人（银行等金融机构）"), "conditions": _("权利有效、无权属争议"), "materials": _("质押合同；权利证明；身份证明"),
     "steps": _("提交 → 审核 → 补正（如需） → 登记"), "time_limit": _("5 个工作日"), "fee": _("免费"), "place": _("线上")},
    {"code": "trusteeship", "name": _("知识产权托管"), "summary": _("为中小企业提供知识产权托管：年费与续展期限提醒、失效预警、管理咨询。"),
     "who": _("中小微企业"), "conditions": "", "materials": _("托管申请；知识产权清单"), "steps": _("提交 → 受理并指定托管方 → 托管中 → 终止"),
     "time_limit": _("5 个工作日受理"), "fee": _("免费（公益托管）"), "place": _("线上")},
    {"code": "consult", "name": _("知识产权咨询"), "summary": _("知识产权政策、申请、保护等问题的咨询答复，典型问题公开为常见问题。"),
     "who": _("所有人"), "conditions": "", "materials": "", "steps": _("提问 → 答复"), "time_limit": _("3 个工作日"), "fee": _("免费"),
     "place": _("线上")},
]


def sync(**kwargs: Any) -> None:
    """Create the windows and catalogue entries that do not exist yet (never overwrites an office's edits)."""
    from zhichan.services.models import ServiceItem, Window

    for order, guide in enumerate(GUIDES):
        window, _ = Window.objects.get_or_create(kind=guide["code"], defaults={"name": MACHINES[guide["code"]].label})
        ServiceItem.objects.get_or_create(code=guide["code"], defaults={**guide, "window": window, "order": order})
