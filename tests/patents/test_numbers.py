import re

import pandas as pd
import pytest

from tests.conftest import CONTAINER, raw_data
from zhichan.patents import numbers


@pytest.mark.parametrize("raw, key", [
    ("CN202210836006.7", "CN202210836006.7"),
    ("202210836006.7", "CN202210836006.7"),
    ("2022108360067", "CN202210836006.7"),
    ("ＣＮ２０２２１０８３６００６．７", "CN202210836006.7"),
    ("ZL202210836006.7", "CN202210836006.7"),
    ("CN202210836006", "CN202210836006.7"),  # no check character: computed, not invented
    ("CN88109087.5", "CN88109087.5"),
    ("US15950587", "US15950587"),
    ("EP13844704", "EP13844704"),
])
def test_application_numbers_normalise(raw, key):
    assert numbers.parse_application_number(raw).key == key


def test_check_character_x():
    digits = next(f"2021{t}{s:07d}" for t in "12" for s in range(1000) if
                  numbers.cn_check_character(f"2021{t}{s:07d}") == "X")
    assert numbers.parse_application_number(f"CN{digits}.X").check == "X"
    with pytest.raises(numbers.NumberError):
        numbers.parse_application_number(f"CN{digits}.0")


@pytest.mark.parametrize("bad", ["CN202210836006.8", "CN202250836006.7", "", "garbage", "CN1234"])
def test_invalid_application_numbers_are_refused(bad):
    with pytest.raises(numbers.NumberError):
        numbers.parse_application_number(bad)


@pytest.mark.parametrize("raw, parts", [
    ("CN115438209A", ("CN", "115438209", "A")), ("US8926509B2", ("US", "8926509", "B2")),
    ("US20050004437A1", ("US", "20050004437", "A1")), ("USD435854S1", ("US", "D435854", "S1")),
    ("TWI345871B", ("TW", "I345871", "B")), ("JPWO2017183476A1", ("JP", "WO2017183476", "A1")),
    ("RU2015124071", ("RU", "2015124071", "")), ("CN1234567A", ("CN", "1234567", "A")),
])
def test_publication_numbers(raw, parts):
    parsed = numbers.parse_publication_number(raw)
    assert (parsed.country, parsed.number, parsed.kind) == parts


def test_every_real_cn_application_number_validates():
    """domain.md §2: every CN application number in the real exports carries a correct check character."""
    folder = raw_data(CONTAINER)
    seen = set()
    for path in sorted(folder.glob("*/*.xlsx")):
        frame = pd.read_excel(path, sheet_name=0, dtype=str, engine="calamine")
        seen.update(frame["申请号"].dropna())
    csv = next(folder.glob("*/*.csv"))
    seen.update(pd.read_csv(csv, encoding="utf-8-sig", index_col=False, dtype=str)["申请号"].dropna())
    cn = [n for n in seen if re.fullmatch(r"CN\d{12}\.[\dX]", n.strip())]
    assert len(cn) > 13000
    for number in cn:
        assert numbers.parse_application_number(number).key == number.strip()
