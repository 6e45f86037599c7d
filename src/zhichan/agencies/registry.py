"""Reading the registry: an address's region, the agency a user acts for, the agency behind a name on patents."""

from __future__ import annotations

from typing import Any

from zhichan.agencies.models import Agency, AgencyAlias
from zhichan.core.models import Region
from zhichan.patents import geo, names


def region_for(address: str) -> Region | None:
    """The district (else city, else province) of an address, by the same offline resolver as the patents'."""
    if not address.strip():
        return None
    code = geo.cpca_codes([address]).get(address)
    while code:
        region = Region.objects.filter(code=code).first()
        if region is not None:
            return region
        code = code[:4] + "00" if not code.endswith("00") else (code[:2] + "0000" if not code.endswith("0000")
                                                               else "")
    return None


def agency_of(user: Any) -> Agency | None:
    """The agency an agency user acts for: their verified organisation's, matched by its 统一社会信用代码."""
    organization = getattr(user, "organization", None)
    if organization is None or not organization.verified or not organization.credit_code:
        return None
    return Agency.objects.filter(credit_code=organization.credit_code).first()


def agency_named(name: str) -> Agency | None:
    alias = AgencyAlias.objects.filter(normalized_name=names.normalize(name)).select_related("agency").first()
    return alias.agency if alias else None


def alias_map() -> dict[str, int]:
    """normalised name → agency id, for every alias."""
    return dict(AgencyAlias.objects.values_list("normalized_name", "agency_id"))
