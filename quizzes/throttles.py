"""Throttles on actions where abuse is cheap: counts attempts per person or client in fixed windows.

Counts live in Redis when it is configured, in the database otherwise: both are shared by every
server process, and both count in one atomic step (Redis: SET NX EX and INCR in one MULTI; the
database: one INSERT … ON CONFLICT DO UPDATE … RETURNING), so parallel attempts each get their own
number and a limit of 10 lets exactly 10 through. Limits come from settings.THROTTLES:
{scope: (attempts, window in seconds)}.
"""

import functools
import hashlib
import ipaddress
import time
import unicodedata
from datetime import UTC, datetime

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F

from .models import ThrottleCount


def _limit(scope):
    return settings.THROTTLES[scope]


def limit(scope):
    """How many attempts `scope` allows in one window."""
    return _limit(scope)[0]


def _digest(key):
    return hashlib.sha256(str(key).encode()).hexdigest()


def _window(seconds, now):
    return int(now // seconds)


def _cache_key(scope, digest, window):
    return f"throttle:{scope}:{digest}:{window}"


def mail_key(address):
    """One key per mailbox however it is spelt: Django's reset form matches addresses this way too."""
    return unicodedata.normalize("NFKC", address.strip()).casefold()


def count(scope, key, *, now=None):
    """Attempts already counted for `key` in the current window of `scope`."""
    _attempts, seconds = _limit(scope)
    now = time.time() if now is None else now
    digest, window = _digest(key), _window(seconds, now)
    if settings.REDIS_URL:
        return int(cache.get(_cache_key(scope, digest, window), 0))
    row = ThrottleCount.objects.filter(scope=scope, key=digest, window=window).values_list("count", flat=True)
    return next(iter(row), 0)


def blocked(scope, *keys, now=None):
    """True when any of `keys` has used up its attempts in the current window."""
    attempts, _seconds = _limit(scope)
    return any(count(scope, key, now=now) >= attempts for key in keys)


def record(scope, key, *, now=None):
    """Counts one attempt for `key`; returns the count in the current window, this one included."""
    _attempts, seconds = _limit(scope)
    now = time.time() if now is None else now
    digest, window = _digest(key), _window(seconds, now)
    if settings.REDIS_URL:
        return _record_in_redis(_cache_key(scope, digest, window), seconds)
    return _record_in_db(scope, digest, window, seconds, now)


def give_back(scope, key, *, now=None):
    """Takes back one attempt counted by `record` (a join code that was right holds nothing against anyone)."""
    _attempts, seconds = _limit(scope)
    now = time.time() if now is None else now
    digest, window = _digest(key), _window(seconds, now)
    if settings.REDIS_URL:
        name = cache.make_and_validate_key(_cache_key(scope, digest, window))
        client = _redis(settings.REDIS_URL)
        # Only while the window lives: a DECR on an expired key would start a count with no expiry.
        client.eval("if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end", 1, name)
        return
    ThrottleCount.objects.filter(scope=scope, key=digest, window=window, count__gt=0).update(count=F("count") - 1)


def _record_in_redis(name, seconds):
    name = cache.make_and_validate_key(name)
    client = _redis(settings.REDIS_URL)
    pipeline = client.pipeline(transaction=True)
    pipeline.set(name, 0, ex=seconds, nx=True)
    pipeline.incr(name)
    _created, counted = pipeline.execute()
    return counted


@functools.lru_cache(maxsize=4)
def _redis(url):
    """The throttles' own connection pool to the Redis the cache uses (the cache's client is Django's
    private object); keys are still made by the cache, so `count` reads them back through it."""
    return redis.Redis.from_url(url)


def _record_in_db(scope, digest, window, seconds, now):
    table = connection.ops.quote_name(ThrottleCount._meta.db_table)
    scope_, key_, window_, count_, expires_ = map(
        connection.ops.quote_name, ("scope", "key", "window", "count", "expires_at")
    )
    ends = datetime.fromtimestamp((window + 1) * seconds, tz=UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({scope_}, {key_}, {window_}, {count_}, {expires_}) VALUES (%s, %s, %s, 1, %s) "
            f"ON CONFLICT ({scope_}, {key_}, {window_}) DO UPDATE SET {count_} = {table}.{count_} + 1 "
            f"RETURNING {count_}",
            [scope, digest, window, connection.ops.adapt_datetimefield_value(ends)],
        )
        counted = cursor.fetchone()[0]
    if counted == 1:
        # A new window: the counts of windows that have ended are no longer needed.
        ThrottleCount.objects.filter(scope=scope, expires_at__lte=datetime.fromtimestamp(now, tz=UTC)).delete()
    return counted


def allow(scope, key, *, now=None):
    """Counts one attempt and says whether it is within the limit."""
    attempts, _seconds = _limit(scope)
    return record(scope, key, now=now) <= attempts


def client_address(request):
    """The client's address, the key of every per-client throttle ("unknown" when the server saw none)."""
    return client_ip(request) or "unknown"


def client_ip(request):
    """The client's address or None: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front, the address
    the outermost of them saw (X-Forwarded-For, read from the right, since a client writes its left end).
    The login throttle (django-axes) reads it too."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies and _is_address(forwarded[-proxies]):
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _is_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
