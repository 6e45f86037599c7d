"""Region input: a code, a name or a path of names from the province down, one rule (core.regions.resolve) for every
form and command; a municipality's name alone is its city-level region."""

from __future__ import annotations

import pytest

from zhichan.core import regions
from zhichan.core.region_lookup import RegionNotFound, find_code

TABLE = regions.Table.of((d.code, d.name, d.parent) for d in regions.divisions())


@pytest.mark.parametrize(("text", "code"), [
    ("320311", "320311"), ("泉山区", "320311"), ("徐州市", "320300"), ("江苏省", "320000"),
    ("江苏省徐州市泉山区", "320311"), ("徐州市泉山区", "320311"), ("徐州市 泉山区", "320311"),
    ("江苏省 徐州市 泉山区", "320311"), ("江苏省/徐州市/泉山区", "320311"), ("江苏省泉山区", "320311"),
    ("北京市海淀区", "110108"), ("北京市 朝阳区", "110105"), ("吉林省长春市朝阳区", "220104"),
    ("北京市", "110100"), ("上海市", "310100"), ("天津市", "120100"), ("重庆市", "500100"), ("110000", "110000"),
    ("重庆市渝中区", "500103"), ("湖北省仙桃市", "429004"), ("全国", "100000"),
])
def test_resolves(text, code):
    assert regions.resolve(text, regions.Table({**TABLE.rows, "100000": ("全国", None)})) == code


@pytest.mark.parametrize(("text", "reason"), [
    ("朝阳区", "ambiguous"), ("鼓楼区", "ambiguous"), ("江苏省海淀区", "not_nested"), ("徐州市朝阳区", "not_nested"),
    ("南京市泉山区", "not_nested"), ("火星", "unknown"), ("999999", "unknown"), ("", "unknown"),
    ("江苏省徐州市泉山区解放南路1号", "unknown"),
])
def test_refuses(text, reason):
    with pytest.raises(regions.RegionError) as refused:
        regions.resolve(text, TABLE)
    assert refused.value.reason == reason


@pytest.mark.django_db
def test_messages_name_the_reason():
    with pytest.raises(RegionNotFound, match="“海淀区”不在“江苏省”之内"):
        find_code("江苏省海淀区")
    with pytest.raises(RegionNotFound, match="110105 北京市朝阳区.*220104 吉林省长春市朝阳区"):
        find_code("朝阳区")
    with pytest.raises(RegionNotFound, match="未知地区：火星"):
        find_code("火星")
    with pytest.raises(RegionNotFound, match="不能是全国"):
        find_code("全国", nation=False)
    assert find_code("北京市") == "110100" and find_code("北京市海淀区") == "110108"


@pytest.mark.django_db
def test_organisation_verification_takes_a_region_path(client, django_user_model):
    from zhichan.core.models import Organization

    office = django_user_model.objects.create_user("office", password="x", role="office")
    org = Organization.objects.create(name="某某科技有限公司", credit_code="91320300MA1W8K2L5P", kind="enterprise",
                                      status=Organization.Status.PENDING)
    client.force_login(office)
    bad = client.post(f"/accounts/organizations/{org.pk}/", {"decision": "verify", "verify-region": "江苏省海淀区"})
    page = bad.content.decode()
    assert "“海淀区”不在“江苏省”之内" in page, page[page.find("<main"):][:3000]
    client.post(f"/accounts/organizations/{org.pk}/", {"decision": "verify", "verify-region": "徐州市 泉山区"})
    org.refresh_from_db()
    assert org.status == "verified" and org.region_id == "320311"


@pytest.mark.django_db
def test_search_reg_field_takes_a_path():
    from zhichan.search.lookup import DbLookup

    lookup = DbLookup()
    assert lookup.region_codes("江苏省徐州市泉山区") == ["320311"] == lookup.region_codes("徐州市泉山区")
    assert lookup.region_codes("泉山区") == ["320311"] and len(lookup.region_codes("朝阳区")) == 2  # a search: both
