"""Report sets generated in the background: a request starts a job and returns at once; the page polls its status.

Generating a set takes 15 to 45 seconds (figures, charts, PDF); a request held that long ties up a server thread
and looks broken to the person waiting. :func:`start` records a :class:`~wres.web.models.ReportJob` (or returns
the one already waiting or running for the same organisation, year and tier) and hands it to this process's
worker thread (:data:`EXECUTOR`, one job at a time, so a burst of requests cannot start a burst of renders); the
reports page shows the job's status and polls :func:`wres.web.views.reports.job_status` until it is ready.
:func:`run` does the work with :func:`wres.web.report_files.generate` (the rendering itself in the report
helper process, :mod:`wres.reports.worker`).

A job left waiting or running longer than :data:`ABANDONED_AFTER` (its process was stopped) is marked failed when
the page is next shown, so nobody waits for ever. With the ``WRES_REPORT_JOBS_INLINE`` setting a job runs in the
request itself (the tests' database transactions are not visible to another thread).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any, Final

from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.utils import timezone

from wres.errors import WresError
from wres.web.models import Organisation, ReportJob

log = logging.getLogger(__name__)

EXECUTOR: Final = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wres-report-job")
"""This process's report worker: one set generated at a time."""
ABANDONED_AFTER: Final = timedelta(minutes=15)
ACTIVE: Final = (ReportJob.Status.QUEUED, ReportJob.Status.RUNNING)
FAILURES_SHOWN: Final = timedelta(minutes=30)
"""How long the reports page says why a job failed (the page reloads when the job ends: the reason must be there)."""


def start(org: Organisation, year: int, tier: str, user: Any) -> tuple[ReportJob, bool]:
    """The job generating ``org``'s set for ``year`` and ``tier``, started now unless one is already waiting or
    running; whether it was started now."""
    expire_abandoned(org)
    with transaction.atomic():
        running = ReportJob.objects.filter(organisation=org, year=year, tier=tier, status__in=ACTIVE).first()
        if running is not None:
            return running, False
        job = ReportJob.objects.create(organisation=org, year=year, tier=tier, user=user)
    if getattr(settings, "WRES_REPORT_JOBS_INLINE", False):
        run(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: EXECUTOR.submit(_run_in_thread, job.pk))
    return job, True


def _run_in_thread(job_id: int) -> None:
    try:
        run(job_id)
    except Exception:  # the database itself failed: logged (the job is marked failed when it is abandoned)
        log.exception("report job %s could not be run", job_id)
    finally:
        connections.close_all()  # this thread's connections: none is kept open while the worker waits


def run(job_id: int) -> None:
    """Generate the set of job ``job_id`` and record the outcome (never raises: the status says what happened)."""
    from wres.web import report_files

    job = _retried(lambda: ReportJob.objects.select_related("organisation", "user").get(pk=job_id))
    job.status = ReportJob.Status.RUNNING
    _retried(lambda: job.save(update_fields=["status"]))
    user = job.user.get_username() if job.user is not None else ""
    try:
        _, fresh = report_files.generate(job.organisation.code, job.year, job.tier, user=user)
    except WresError as exc:
        job.status, job.message = ReportJob.Status.FAILED, f"The report set could not be generated: {exc}"[:1000]
    except Exception:  # a bug: logged with its traceback, never shown
        log.exception("report job %s failed", job_id)
        job.status, job.message = ReportJob.Status.FAILED, "The report set could not be generated: an unexpected error"
    else:
        job.status = ReportJob.Status.DONE
        job.message = (
            f"Generated the {job.tier} report set for {job.year}"
            if fresh
            else f"The {job.tier} report set for {job.year} is up to date: the data have not changed"
        )
    job.finished = timezone.now()
    _retried(lambda: job.save(update_fields=["status", "message", "finished"]))


def _retried[T](write: Callable[[], T], attempts: int = 20, pause: float = 0.25) -> T:
    """``write()``, tried again while the database says it is locked (SQLite lets one writer in at a time: the
    request that started the job may still be writing its audit row when the worker records the job running)."""
    for attempt in range(attempts):
        try:
            return write()
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(pause)
    raise AssertionError("unreachable")


def expire_abandoned(org: Organisation) -> None:
    """Mark failed the organisation's jobs waiting or running for longer than :data:`ABANDONED_AFTER`."""
    cutoff = timezone.now() - ABANDONED_AFTER
    ReportJob.objects.filter(organisation=org, status__in=ACTIVE, created__lt=cutoff).update(
        status=ReportJob.Status.FAILED,
        message="The report set was not generated: the server stopped while it was being made. Try again",
        finished=timezone.now(),
    )


def active_jobs(org: Organisation, tiers: tuple[str, ...]) -> list[ReportJob]:
    """The organisation's jobs waiting or running, in tiers the viewer may see."""
    expire_abandoned(org)
    return list(ReportJob.objects.filter(organisation=org, tier__in=tiers, status__in=ACTIVE).order_by("created"))


def recent_failures(org: Organisation, tiers: tuple[str, ...]) -> list[ReportJob]:
    """The organisation's jobs that failed within :data:`FAILURES_SHOWN`, newest first, each the latest of its year
    and tier (a later successful job hides an earlier failure)."""
    since = timezone.now() - FAILURES_SHOWN
    recent = ReportJob.objects.filter(organisation=org, tier__in=tiers, finished__gte=since).order_by("-finished")
    latest: dict[tuple[int, str], ReportJob] = {}
    for job in recent:
        latest.setdefault((job.year, job.tier), job)
    return [j for j in latest.values() if j.status == ReportJob.Status.FAILED]
