"""A cheaper Argon2 for the tests: the same algorithm and hash format ("argon2$…"), lower cost, so creating the
fixture's users does not dominate the web tests' time. Production keeps Django's default parameters."""

from __future__ import annotations

from wres.web.hashers import BoundedArgon2PasswordHasher


class FastArgon2PasswordHasher(BoundedArgon2PasswordHasher):
    time_cost = 1
    memory_cost = 1024
    parallelism = 1
