"""The front door at `/`: a visitor gets the public portal (the platform, a search box that signs in first, the
service catalogue, published statistics, questions and guides, registration and login); a signed-in user gets
their home page (core.views.home)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhichan.core import views as core_views
from zhichan.services.models import ServiceItem


def front_door(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return core_views.home(request)
    return portal(request)


def portal(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {
        "items": ServiceItem.objects.filter(published=True).only("code", "name", "summary", "time_limit")})
