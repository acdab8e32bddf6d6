"""gunicorn settings for ``wres serve --production``: each worker warms its figures cache when it starts."""

from __future__ import annotations

from typing import Any

accesslog = "-"
graceful_timeout = 30
timeout = 120


def post_worker_init(worker: Any) -> None:
    from wres.web.models import Organisation
    from wres.web.serve import warm

    warm(list(Organisation.objects.values_list("code", flat=True)))
