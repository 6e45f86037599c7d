"""One filter set for the patent list: the web page now, the API and exports later."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import QueryDict

from zhichan.patents.models import Application

SORTS = {
    "-filing_date": ("-filing_date", "key"), "filing_date": ("filing_date", "key"),
    "-grant_date": ("-grant_date", "key"), "key": ("key",), "title": ("title", "key"),
}


@dataclass
class PatentFilter:
    q: str = ""
    patent_type: str = ""
    year: str = ""
    status: str = ""
    region: str = ""
    country: str = ""
    sort: str = "-filing_date"

    @classmethod
    def from_query(cls, params: QueryDict) -> PatentFilter:
        sort = params.get("sort", "-filing_date")
        return cls(q=params.get("q", "").strip(), patent_type=params.get("type", ""), year=params.get("year", ""),
                   status=params.get("status", ""), region=params.get("region", "").strip(),
                   country=params.get("country", "").strip().upper(), sort=sort if sort in SORTS else "-filing_date")

    def apply(self, queryset: QuerySet[Application]) -> QuerySet[Application]:
        if self.q:
            queryset = queryset.filter(Q(title__contains=self.q) | Q(key__icontains=self.q) |
                                       Q(first_applicant__contains=self.q))
        if self.patent_type:
            queryset = queryset.filter(patent_type=self.patent_type)
        if self.year.isdigit():
            queryset = queryset.filter(filing_year=int(self.year))
        if self.status:
            queryset = queryset.filter(legal_status=self.status)
        if self.country:
            queryset = queryset.filter(country=self.country)
        if self.region.isdigit() and len(self.region) == 6:
            if self.region.endswith("0000"):
                queryset = queryset.filter(province_code=self.region)
            elif self.region.endswith("00"):
                queryset = queryset.filter(city_code=self.region)
            else:
                queryset = queryset.filter(region_id=self.region)
        return queryset.order_by(*SORTS[self.sort])
