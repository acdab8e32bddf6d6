"""Django settings for the web tests: the application's own settings, with a throwaway data folder.

``DATABASE_URL`` chooses the database as in production: unset, SQLite; ``make test`` runs the web tests a second
time against the local PostgreSQL server it starts (scripts/postgres-test-server).
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("WRES_WEB_DATA", tempfile.mkdtemp(prefix="wres-web-test-"))

from wres.web.settings import *  # noqa: F403

PASSWORD_HASHERS = ["tests.web.hashers.FastArgon2PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405

WRES_REPORT_JOBS_INLINE = True
"""Report jobs run in the request (the test database's transactions are not visible to another thread); one test
runs a job on the worker thread with a transactional database (tests/web/test_reports.py)."""
