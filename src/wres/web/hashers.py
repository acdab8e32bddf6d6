"""Password hashing with a cap on how many hashes run at once.

Argon2 with Django's parameters takes about 100 MB of memory per hash, by design. Every sign-in attempt hashes
(a wrong password, and an unknown user name too: Django hashes a dummy password so the answer takes as long), so
16 bad sign-ins sent at once cost 1.6 GB of memory in one process. :class:`BoundedArgon2PasswordHasher` lets at
most :data:`HASHING_SLOTS` hashes run at once in a process (``WRES_HASHING_SLOTS``, default 2); the others wait
their turn, so memory stays at ``slots × 100 MB`` whatever arrives. The throttle (django-axes) still counts
every failure; a flood only queues.
"""

from __future__ import annotations

import os
import threading
from typing import Final

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

HASHING_SLOTS: Final = max(1, int(getattr(settings, "WRES_HASHING_SLOTS", os.environ.get("WRES_HASHING_SLOTS", 2))))
"""How many password hashes may run at once in one process."""
_SLOTS: Final = threading.BoundedSemaphore(HASHING_SLOTS)


class BoundedArgon2PasswordHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher (same algorithm name and hash format), at most :data:`HASHING_SLOTS` at once."""

    def encode(self, password: str, salt: str) -> str:
        with _SLOTS:
            return super().encode(password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        with _SLOTS:
            return super().verify(password, encoded)

    def harden_runtime(self, password: str, encoded: str) -> None:
        with _SLOTS:
            super().harden_runtime(password, encoded)
