"""Throttles on actions where abuse is cheap: counts attempts per person or client in fixed windows.

Counts live in Redis when it is configured (an atomic increment), in the database otherwise: both
are shared by every server process, so a limit holds however many workers serve the requests.
Limits come from settings.THROTTLES: {scope: (attempts, window in seconds)}.
"""

import hashlib
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from .models import ThrottleCount


def _limit(scope):
    return settings.THROTTLES[scope]


def _digest(key):
    return hashlib.sha256(str(key).encode()).hexdigest()


def _window(seconds, now):
    return int(now // seconds)


def _cache_key(scope, digest, window):
    return f"throttle:{scope}:{digest}:{window}"


def count(scope, key, *, now=None):
    """Attempts already counted for `key` in the current window of `scope`."""
    _attempts, seconds = _limit(scope)
    now = time.time() if now is None else now
    digest, window = _digest(key), _window(seconds, now)
    if settings.REDIS_URL:
        return cache.get(_cache_key(scope, digest, window), 0)
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
        name = _cache_key(scope, digest, window)
        cache.add(name, 0, timeout=seconds)
        return cache.incr(name)
    return _record_in_db(scope, digest, window, seconds, now)


def _record_in_db(scope, digest, window, seconds, now):
    rows = ThrottleCount.objects.filter(scope=scope, key=digest, window=window)
    if rows.update(count=F("count") + 1):
        return rows.values_list("count", flat=True).get()
    try:
        with transaction.atomic():
            ends = datetime.fromtimestamp((window + 1) * seconds, tz=UTC)
            ThrottleCount.objects.create(scope=scope, key=digest, window=window, count=1, expires_at=ends)
    except IntegrityError:
        # Another process opened the window first: count in its row.
        rows.update(count=F("count") + 1)
        return rows.values_list("count", flat=True).get()
    # A new window: the counts of windows that have ended are no longer needed.
    ThrottleCount.objects.filter(scope=scope, expires_at__lte=datetime.fromtimestamp(now, tz=UTC)).delete()
    return 1


def allow(scope, key, *, now=None):
    """Counts one attempt and says whether it is within the limit."""
    attempts, _seconds = _limit(scope)
    return record(scope, key, now=now) <= attempts


def client_address(request):
    """The client's address as the server saw it (a proxy in front must pass the real one on)."""
    return request.META.get("REMOTE_ADDR") or "unknown"
