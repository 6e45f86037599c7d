from __future__ import annotations

import os
from pathlib import Path

import pytest

RAW = Path(os.environ.get("ZHICHAN_SHARED_RAW", Path(__file__).resolve().parents[1].parent / "shared" / "data" / "raw"))
CONTAINER = RAW / "cn-patent-container"
VR_CSV = CONTAINER / "20220507--虚拟现实--zlfx2022.1" / "20220507--CNAPP-TI=虚拟现实.csv"
THUNDERSOFT = CONTAINER / "20221219--中科创达--zlfx2022.2" / "中科创达-中国申请库.xlsx"
TOYOTA = CONTAINER / "20230321--丰田自动驾驶--zlfx2023.1" / "丰田自动驾驶.xlsx"


def raw_data(path: Path) -> Path:
    """Real data lives beside the repo (read-only). Outside CI a missing folder skips the test; in CI it fails."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"real data missing in CI: {path}")
        pytest.skip(f"real data not found: {path}")
    return path


@pytest.fixture
def raw() -> Path:
    return raw_data(RAW)


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Each test gets its own search index, exports and job files (the database is pytest-django's)."""
    monkeypatch.setenv("ZHICHAN_HOME", str(tmp_path / "home"))


@pytest.fixture(autouse=True)
def default_language():
    """The locale middleware activates the request's language in the thread and leaves it there: a test that asked
    for English would make the next test in the process run in English. Each test starts and ends in the default."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
