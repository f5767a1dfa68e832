"""Bulgarian first: the interface language is the person's own choice, else Bulgarian.

Django's ``LocaleMiddleware`` follows the browser's Accept-Language, and many
municipal laptops in Bulgaria run an English Windows and browser: their
experts would get an English interface they did not ask for. Here the
browser's header is not consulted; the language switch in the page header
(Django's ``set_language``, which stores the choice in the language cookie)
is how a visitor picks English, and that choice is kept.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class BulgarianFirstLocaleMiddleware(LocaleMiddleware):
    """``LocaleMiddleware`` with the language taken from the cookie or ``LANGUAGE_CODE``, never the browser."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PrivateCacheMiddleware:
    """``Cache-Control: private`` on every response given to a signed-in person.

    Their pages and downloads (draft plans, evidence, reports before approval)
    must never be kept by a shared proxy and handed to someone else; ``no-cache``
    makes the browser ask again rather than show a page after log-out.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        return response
