"""The Django application of the wres dashboard."""

from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "wres.web"
    label = "wres_web"
    verbose_name = "WRES dashboard"
    default_auto_field = "django.db.models.BigAutoField"
