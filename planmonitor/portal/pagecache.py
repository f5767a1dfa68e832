"""Whole-page cache of the public portal pages, for anonymous visitors, kept fresh by the plan's revision.

Why: under 20 concurrent visitors a page is only as fast as the work one
request holds the interpreter for. Rendering the 150-measure plan page (even
with its measure list cached) and the five queries around it cost about
15 ms, so 20 visitors queue for 300 ms and more. A page served from here
costs one query (the plan's revision) and a cache read.

What keeps it correct:

* the key holds the plan's revision (``plans.revision``, read by
  ``selectors.public_revision``): every service that changes the plan or its
  monitoring raises it, so the next visitor gets a fresh page;
  entries also expire after ``selectors.CACHE_SECONDS``;
* only anonymous visitors with no pending message get (and fill) the cache,
  and only for the page's own address (the query parameters the view reads,
  nothing else): every other request is rendered as before, so the header of
  a signed-in person or a search box filled from ``?q=`` never lands in the cache;
* the key holds the language, the host and the full path, which the page
  prints (``next`` of the language form, canonical link);
* the language form's CSRF token is per visitor: the page is cached with a
  placeholder in its place and each response gets the visitor's own token,
  so the language switch keeps its POST with CSRF protection.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.crypto import salted_hmac

from planmonitor.portal.selectors import CACHE_SECONDS


@functools.cache
def csrf_placeholder() -> str:
    """What stands in for the CSRF token in a cached page.

    Hex digits only, so HTML escaping leaves it unchanged; derived from
    SECRET_KEY, so every server process sharing a cache uses the same one
    and no one can plant it in a plan's text to have it replaced.
    """
    return "csrf" + salted_hmac("planmonitor.portal.pagecache", "csrf-placeholder").hexdigest()


def _cacheable(request: HttpRequest, allowed_parameters: Iterable[str]) -> bool:
    if request.method != "GET":
        return False
    if set(request.GET) - set(allowed_parameters):
        return False
    if request.user.is_authenticated:
        return False
    return len(get_messages(request)) == 0  # len() does not mark the messages as read


def page_key(request: HttpRequest, data_key: str, allowed_parameters: Iterable[str] = ()) -> str | None:
    """The cache key of this request's page, or None when the page must not come from (or go to) the cache.

    ``data_key`` is the page's key from ``plans.revision`` (the kind of page,
    the ids it shows and the plans' revisions); the language, the host and
    the full path are added here.
    """
    if not _cacheable(request, allowed_parameters):
        return None
    where = hashlib.blake2b(
        f"{request.scheme}://{request.get_host()}{request.get_full_path()}".encode(), digest_size=12
    ).hexdigest()
    return f"portal:page:{data_key}:{translation.get_language()}:{where}"


def cached_page(
    request: HttpRequest, key: str | None, render: Callable[[dict], HttpResponse]
) -> HttpResponse:
    """The page under ``key`` from the cache, else ``render(extra_context)``, stored for the next visitor.

    ``key`` is None (see :func:`page_key`) when the page must be rendered afresh; then it
    is rendered as usual. ``render`` receives context to add: the CSRF
    placeholder when the page is to be cached.
    """
    if key is None:
        return render({})
    content = cache.get(key)
    if content is None:
        response = render({"csrf_token": csrf_placeholder()})
        if response.status_code != 200:
            return response
        content = response.content
        cache.set(key, content, CACHE_SECONDS)
    token = get_token(request).encode()  # also makes the middleware send the visitor's CSRF cookie
    return HttpResponse(content.replace(csrf_placeholder().encode(), token), content_type="text/html; charset=utf-8")
