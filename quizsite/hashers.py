"""The password hash, chosen for what one login costs the server.

Django's PBKDF2 (1,000,000 SHA-256 rounds) takes ~550 ms of one core per login: a class of 40
logging in at the start of a lesson is 22 s of CPU, and every studying student waits behind it.
Argon2id at OWASP's first recommended setting (19 MiB of memory, two passes, one lane) takes ~40 ms
and resists GPU guessing better through its memory cost. Hashes made before keep verifying and are
rewritten with this one at the person's next login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    # Same algorithm name as Django's: a hash records its own cost, so either class verifies it.
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
