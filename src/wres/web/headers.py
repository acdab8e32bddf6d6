"""``Cache-Control: no-store`` on every answer the application itself makes.

Every page and download of the dashboard is about one organisation's staff (internal figures, the audit log,
people, validation reports, generated report files), so none may be kept by the browser's cache, a shared proxy
or the back-forward cache of a shared computer. :class:`NoStoreMiddleware` marks every response that passes
through it ``no-store, private`` (``max-age=0`` for old caches). Static files (CSS, JavaScript, images: the
same for everybody) are answered by WhiteNoise before this middleware and keep their long cache lifetimes.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

__all__ = ["NoStoreMiddleware"]


class NoStoreMiddleware:
    """Add ``Cache-Control: no-store, private, max-age=0`` to every response of the application."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response
