"""Watch lists: the office keeps its own and reads all; an enterprise user keeps their organisation's and sees no
other; items are validated (a patent the platform holds, a valid IPC symbol), once per list."""

from __future__ import annotations

import pytest

from zhichan.core.permissions import PermissionDenied
from zhichan.core.workflow.machine import TransitionError
from zhichan.protection import watch
from zhichan.protection.models import WatchItem, WatchList

pytestmark = pytest.mark.django_db


@pytest.fixture
def firms(django_user_model):
    from zhichan.core.models import Organization

    make = django_user_model.objects.create_user
    a = Organization.objects.create(name="徐州乙重工有限公司", kind="enterprise")
    b = Organization.objects.create(name="徐州丙电池有限公司", kind="enterprise")
    return {"a": make("ent_a", password="x", role="enterprise", organization=a),
            "b": make("ent_b", password="x", role="enterprise", organization=b)}


def test_who_sees_and_edits_which_list(people, firms):
    office_list = watch.do_create_list(people["office"], "重点产业链企业")
    own = watch.do_create_list(firms["a"], "我们的核心专利")
    assert office_list.organization is None and own.organization.name == "徐州乙重工有限公司"
    assert set(watch.visible(people["office"])) == {office_list, own}
    assert list(watch.visible(firms["a"])) == [own] and list(watch.visible(firms["b"])) == []
    assert list(watch.visible(people["a"])) == []  # window staff: no organisation, no protection.manage
    with pytest.raises(PermissionDenied):
        watch.do_add_item(firms["b"], own, "brand", "乙重工")
    with pytest.raises(PermissionDenied):
        watch.do_add_item(firms["a"], office_list, "brand", "乙重工")
    with pytest.raises(PermissionDenied):  # no organisation, not the office
        watch.do_create_list(people["public"], "我的名单")


def test_items_are_validated_and_kept_once(people, patent):
    wl = watch.do_create_list(people["office"], "起重机")
    item = watch.do_add_item(people["office"], wl, "patent", "cn202310000001.x")
    assert item.value == "CN202310000001.X" and item.application == patent
    with pytest.raises(TransitionError):
        watch.do_add_item(people["office"], wl, "patent", "CN202399999999.9")
    assert watch.do_add_item(people["office"], wl, "ipc", "b66c 23/00").value == "B66C23/00"
    with pytest.raises(TransitionError):
        watch.do_add_item(people["office"], wl, "ipc", "<script>")
    with pytest.raises(TransitionError):
        watch.do_add_item(people["office"], wl, "patent", "CN202310000001.X")  # already there
    with pytest.raises(TransitionError):
        watch.do_add_item(people["office"], wl, "nonsense", "x")
    watch.do_add_item(people["office"], wl, "competitor", "徐州甲机械有限公司")
    assert sorted(WatchItem.objects.values_list("kind", flat=True)) == ["competitor", "ipc", "patent"]


def test_the_pages(client, people, firms, patent):
    client.force_login(firms["a"])
    response = client.post("/protection/watch/", {"name": "核心专利"})
    wl = WatchList.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/protection/watch/{wl.pk}/"
    assert client.post(f"/protection/watch/{wl.pk}/", {"kind": "patent", "value": "CN202310000001.X"}).status_code == 302
    refused = client.post(f"/protection/watch/{wl.pk}/", {"kind": "ipc", "value": "not an ipc"})
    assert refused.status_code == 400 and "not an ipc" in refused.content.decode()
    page = client.get(f"/protection/watch/{wl.pk}/").content.decode()
    assert "CN202310000001.X" in page and "一种起重机臂架" in page
    client.force_login(firms["b"])
    assert client.get(f"/protection/watch/{wl.pk}/").status_code == 404
    assert client.post(f"/protection/watch/{wl.pk}/", {"kind": "brand", "value": "x"}).status_code == 404
    client.force_login(people["office"])  # the office reads it, but it is the enterprise's to edit
    assert client.get(f"/protection/watch/{wl.pk}/").status_code == 200
    assert client.post(f"/protection/watch/{wl.pk}/", {"kind": "brand", "value": "x"}).status_code == 403
    client.force_login(firms["a"])
    item = WatchItem.objects.get()
    assert client.post(f"/protection/watch/{wl.pk}/", {"remove": item.pk}).status_code == 302
    assert not WatchItem.objects.exists()
