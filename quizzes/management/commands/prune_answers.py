"""python manage.py prune_answers [--days 30] — deletes old cards shown; the review log stays."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from quizzes.study.cards import prune_answers


class Command(BaseCommand):
    help = "Delete cards shown more than --days ago (30 by default); reviews are never deleted."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = prune_answers(timezone.now() - timedelta(days=days))
        self.stdout.write(f"{deleted} card(s) shown more than {days} day(s) ago deleted; reviews kept.")
