"""gunicorn settings for `make serve`: several stateless workers sharing the database and Redis."""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")


def usable_cores():
    """The cores this process may run on (a `taskset`, a container's cpuset), not the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# Requests are short and mostly wait on the database: a few sync workers per core.
workers = int(os.environ.get("WEB_CONCURRENCY", usable_cores() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request over this many seconds is a bug, not a load: the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Workers are replaced now and then, so a slow leak never grows for weeks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# The app logs one line per request itself (quizzes.middleware.RequestLogMiddleware).
accesslog = None
errorlog = "-"
