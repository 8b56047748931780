"""gunicorn settings for `make serve`: several stateless workers sharing the database and Redis."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Requests are short and mostly wait on the database: a few sync workers per core.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request over this many seconds is a bug, not a load: the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Workers are replaced now and then, so a slow leak never grows for weeks.
max_requests = 5000
max_requests_jitter = 500
# The app logs one line per request itself (quizzes.middleware.RequestLogMiddleware).
accesslog = None
errorlog = "-"
