"""Names in queries (regions, SEI industries) resolved against the database."""

from __future__ import annotations

from functools import lru_cache

from zhichan.core.models import Region
from zhichan.patents.models import SeiCategory


class DbLookup:
    @lru_cache(maxsize=1024)  # noqa: B019 (one lookup object per process)
    def region_codes(self, name: str) -> list[str]:
        codes = list(Region.objects.filter(name=name).values_list("code", flat=True))
        if not codes:  # a path such as 江苏省徐州市泉山区: the shared rule of region input
            codes = _path_code(name)
        if not codes and len(name) >= 2:
            codes = list(Region.objects.filter(name__startswith=name).order_by("level")
                         .values_list("code", flat=True)[:20])
            levels = {c: _level(c) for c in codes}
            top = min(levels.values(), default=0)
            codes = [c for c in codes if levels[c] == top]
        return sorted(codes)

    def sei_codes(self, name: str) -> list[str]:
        return sorted(SeiCategory.objects.filter(name__contains=name).values_list("code", flat=True))

    def region_name(self, code: str) -> str:
        return _region_names().get(code, code)

    def sei_name(self, code: str) -> str:
        return self.sei_names([code]).get(code, code)

    def sei_names(self, codes: list[str]) -> dict[str, str]:
        """The names of several industries in one query (a facet's buckets)."""
        return dict(SeiCategory.objects.filter(code__in=codes).values_list("code", "name"))


def _path_code(text: str) -> list[str]:
    from zhichan.core import region_lookup

    try:
        return [region_lookup.find_code(text, nation=False)]
    except region_lookup.RegionNotFound:
        return []


def _level(code: str) -> int:
    return 1 if code.endswith("0000") else 2 if code.endswith("00") else 3


@lru_cache(maxsize=1)
def _region_names() -> dict[str, str]:
    return dict(Region.objects.values_list("code", "name"))


LOOKUP = DbLookup()
