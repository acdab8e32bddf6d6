"""Refuse a request whose body is larger than any upload may be, before a byte of it is read.

Django reads a form's body (and writes its files to temporary files) as soon as anything asks for
``request.POST``, which the CSRF check does before any view runs: a limit checked in the upload view comes after
the whole body has been received. :class:`RequestSizeLimitMiddleware` looks at the declared ``Content-Length``
first and answers **413 Content Too Large** with the dashboard's own error page: nothing of the body is parsed,
kept in memory or written to disk (the server discards what the client still sends, or closes the connection).
The WSGI server never passes on more than ``Content-Length`` bytes, so a client cannot send more than it
declared. The exact per-file limit (and its form error) stays with the upload view
(:func:`wres.web.uploads.check_upload`); this is the outer wall.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wres.web.uploads import human_size, max_upload_bytes

__all__ = ["FORM_ALLOWANCE", "RequestSizeLimitMiddleware", "body_limit", "declared_length"]

FORM_ALLOWANCE: Final = 1024 * 1024
"""Room for the form's other fields and the multipart boundaries around the largest file accepted."""


def body_limit() -> int:
    """The largest request body accepted: the largest upload and the form around it."""
    return max_upload_bytes() + FORM_ALLOWANCE


def declared_length(request: HttpRequest) -> int:
    """The body's declared length (``Content-Length``); 0 when there is none or it is not a number (Django then
    reads no body at all)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class RequestSizeLimitMiddleware:
    """413 for a request declaring a body larger than :func:`body_limit`; every other request passes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if declared_length(request) > body_limit():
            return too_large(request)
        return self.get_response(request)


def too_large(request: HttpRequest) -> HttpResponse:
    """The error page for a body over the limit (nothing of it has been read or kept)."""
    text = (
        f"The file you sent is too large. A file must be smaller than {human_size(max_upload_bytes())}. "
        "Nothing was uploaded."
    )
    return render(request, "web/error.jinja", {"page_title": "The file is too large", "text": text}, status=413)
