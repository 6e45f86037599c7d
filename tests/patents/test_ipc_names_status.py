import datetime as dt

import pytest

from zhichan.patents import dates, ipc, names, status


@pytest.mark.parametrize("raw, normal", [
    ("H01M10/052", "H01M10/052"), ("H01M 10/052", "H01M10/052"), ("H01M  10/052", "H01M10/052"),
    ("H01M0010052000", "H01M10/052"), ("G06F  3/04845", "G06F3/04845"), ("A41B001/00", "A41B1/00"),
    ("H01M10/052(2010.01)", "H01M10/052"), ("G09B", "G09B"), ("ｈ０１ｍ１０／０５２", "H01M10/052"),
    ("A01B0001000000", "A01B1/00"), ("H04N5/232", "H04N5/232"), ("not ipc", None),
])
def test_ipc_normal_form(raw, normal):
    assert ipc.normalize(raw) == normal


def test_ipc_split_and_hierarchy():
    assert ipc.split_codes("G06F 16/583|G06F 16/535|G06F  9/451") == ["G06F16/583", "G06F16/535", "G06F9/451"]
    assert ipc.split_codes("G01R31/389; G01R31/392; G01R31/389") == ["G01R31/389", "G01R31/392"]
    assert ipc.ancestors("H01M10/052") == ["H", "H01", "H01M", "H01M10/00", "H01M10/052"]
    assert ipc.display("H01M10/052") == "H01M 10/052"


@pytest.mark.parametrize("name, kind", [
    ("西安中科创达软件有限公司", names.ENTERPRISE), ("郑州科技学院", names.UNIVERSITY), ("清华大学", names.UNIVERSITY),
    ("中国科学院自动化研究所", names.INSTITUTE), ("王子健", names.INDIVIDUAL), ("丰田自动车株式会社", names.ENTERPRISE),
    ("GM Global Technology Operations LLC", names.ENTERPRISE), ("徐州市人民医院", names.OTHER),
])
def test_party_types(name, kind):
    assert names.party_type(name) == kind


def test_name_normalisation_folds_width_spaces_and_suffixes():
    assert names.normalize("ＡＢＣ（北京）有限责任公司") == names.normalize("ABC(北京)有限公司")
    assert names.normalize("中科创达 软件股份有限公司") == "中科创达软件股份有限公司"
    assert names.split_names("孙恺 | 张福生") == ["孙恺", "张福生"]
    assert names.split_names("罗凯 |\n李进") == ["罗凯", "李进"]


@pytest.mark.parametrize("value, expected", [
    (20220107, dt.date(2022, 1, 7)), ("20220107", dt.date(2022, 1, 7)), ("2022/07/15", dt.date(2022, 7, 15)),
    ("2023-03-17", dt.date(2023, 3, 17)), ("2022.12.06", dt.date(2022, 12, 6)), (44562, dt.date(2022, 1, 1)),
    ("", None), (None, None),
])
def test_dates(value, expected):
    assert dates.parse(value) == expected


@pytest.mark.parametrize("bad", ["20221345", "yesterday", "2022-02-30"])
def test_bad_dates(bad):
    with pytest.raises(dates.DateError):
        dates.parse(bad)


def test_status_words():
    assert status.normalize("有效") == status.VALID
    assert status.normalize("权利终止") == status.LAPSED
    assert status.normalize("驳回") == status.REJECTED
    assert status.normalize("公开") == status.PENDING
    assert status.combine("失效", "授权") == status.LAPSED
    assert status.combine("审中", "实质审查") == status.PENDING


def test_display_labels_cover_every_code():
    from zhichan.patents import models, record

    assert {k for k, _ in models.PATENT_TYPE_CHOICES} == set(record.PATENT_TYPE_LABELS)
    assert {k for k, _ in models.LEGAL_STATUS_CHOICES} == set(status.LABELS)
    assert {k for k, _ in models.PARTY_TYPE_CHOICES} == set(names.PARTY_TYPE_LABELS)
    assert {k for k, _ in models.PARTY_ROLE_CHOICES} == set(record.PARTY_ROLES)
