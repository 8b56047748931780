"""python manage.py run_scheduler [--once] — enqueues the periodic tasks (quizzes/tasks.py SCHEDULE):
finalising overdue attempts every minute, due-date digests hourly, pruning daily.

Runs beside the worker (`make serve`) or beside runserver (`make run`, where tasks run at once);
`--once` suits a cron line instead (`* * * * * manage.py run_scheduler --once`). Several schedulers
(one per app server) enqueue each slot once between them.
"""

import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from quizzes.tasks import enqueue_due


class Command(BaseCommand):
    help = "Enqueue the periodic tasks when their time comes (every --interval seconds, or --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="enqueue what is due now, then exit")
        parser.add_argument("--interval", type=float, default=15, help="seconds between looks (default 15)")

    def handle(self, *args, once, interval, **options):
        if not 1 <= interval <= 60:
            raise CommandError("--interval must be between 1 and 60 seconds (the shortest period is a minute).")
        self.running = True
        if not once:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
        while True:
            if not once:
                # A long-running process: a connection the database dropped is replaced, as per request.
                close_old_connections()
            for name in enqueue_due(timezone.now()):
                if options["verbosity"] > 1 or once:
                    self.stdout.write(f"enqueued {name}")
            if once or not self.running:
                return
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(0.5)
            if not self.running:
                return

    def stop(self, signum, frame):
        self.running = False
