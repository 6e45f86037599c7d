"""The pure parts of watch-list detection: the legal-event words, IPC areas, and the similar-pair join."""

from __future__ import annotations

from zhichan.protection import detect
from zhichan.protection.detect import Doc

CLAIM = "一种起重机伸缩臂架，包括基本臂、二节臂和伸缩油缸，二节臂的尾部设有尼龙复合材料滑块，油缸铰接于基本臂尾部。"


def test_legal_kinds():
    assert detect.legal_kind("无效宣告请求", "专利权无效宣告请求") == "invalid_request"
    assert detect.legal_kind("专利权的无效宣告", "宣告专利权全部无效") == "invalidated"
    assert detect.legal_kind("专利权的转移", "专利权的转移") == "transfer"
    assert detect.legal_kind("专利实施许可合同备案的生效、变更及注销", "专利实施许可合同备案的生效") == "licence"
    assert detect.legal_kind("专利权质押、保全及其解除", "专利权质押合同登记的生效") == "pledge"
    assert detect.legal_kind("专利权质押、保全及其解除", "专利权质押合同登记的注销") == ""  # a pledge released
    assert detect.legal_kind("专利权人的姓名或者名称、地址的变更", "") == ""  # renamed, not transferred
    assert detect.legal_kind("专利权的终止", "未缴年费专利权终止") == ""  # lapses come from validity


def test_ipc_areas():
    assert detect.ipc_covers("B66C23/00", "B66C23/42") and detect.ipc_covers("B66C", "B66C23/42")
    assert not detect.ipc_covers("B66C23/00", "B66C13/00") and not detect.ipc_covers("B66C23/00", "B66C230/00")
    assert detect.ipc_covers("H01M4/13", "H01M4/131") and not detect.ipc_covers("H01M4/13", "H01M4/12")
    assert detect.any_covered(["B66C23/00", "H01M"], ["H01M4/131", "E02F3/00"]) == ["H01M"]


def test_similar_pairs_best_first_and_capped():
    watched = [Doc(1, "起重机伸缩臂架", "", CLAIM), Doc(2, "起重机伸缩臂架", "", CLAIM.replace("尼龙复合", "聚甲醛")),
               Doc(3, "锂电池", "", "一种锂电池正极材料，包括磷酸铁锂、导电炭黑和粘结剂，按质量比九十比五比五混合，低温容量高。")]
    new = [Doc(10, "起重机伸缩臂架", "", CLAIM), Doc(11, "短", "", "短文本")]
    pairs = detect.similar_pairs(new, watched)
    assert [(a, b) for a, b, _s in pairs] == [(10, 1), (10, 2)] and pairs[0][2] == 1.0 and 0.35 <= pairs[1][2] < 1
    assert detect.similar_pairs(new, watched, per_new=1) == [(10, 1, 1.0)]
