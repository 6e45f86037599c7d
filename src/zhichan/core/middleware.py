"""Every page needs a signed-in user unless it is explicitly public."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils import translation

PUBLIC_PREFIXES = ("/login/", "/i18n/", "/static/", "/api/v1/openapi.json", "/public/", "/api/v1/public/",
                   "/services/catalogue/", "/accounts/password/reset/", "/accounts/reset/", "/register/",
                   "/portal/", "/agencies/", "/market/", "/events/", "/protection/",
                   "/projects/public/")  # public lists; own and office pages sign in first
PUBLIC_PATHS = frozenset({"/", "/projects/", "/training/"})  # the front door; open calls and results; upcoming training


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES)
                and request.path not in PUBLIC_PATHS):
            if request.path.startswith("/api/"):
                return HttpResponse(status=401)
            return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """An action refused by the permission layer is a 403, whichever view called it."""
        from zhichan.core.permissions import PermissionDenied

        if isinstance(exception, PermissionDenied):
            from zhichan.core.views import permission_denied

            return permission_denied(request, exception)  # the styled 403, as for Django's PermissionDenied
        return None


class ChineseFirstLocaleMiddleware:
    """The interface language is the one the user chose with the language switch (its cookie), else the platform's
    default (Simplified Chinese); an API client may pass `?lang=en`. The browser's Accept-Language is deliberately not consulted: offices expect the
    platform in Chinese on every machine, English only for those who ask for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.GET.get("lang") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
