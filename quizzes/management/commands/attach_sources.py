"""python manage.py attach_sources — stores each source's article, read from its file in SEEDS_DIR."""

from django.conf import settings
from django.core.management.base import BaseCommand

from quizzes.bank.sources import attach_seed_articles


class Command(BaseCommand):
    help = (
        "Attach to every source the text of its article, sliced from its file in SEEDS_DIR. "
        "Missing files are skipped: those sources offer no “read in context”."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seeds-dir", default=None, help="Where the documents are (default: SEEDS_DIR).")

    def handle(self, *args, seeds_dir=None, **options):
        counts = attach_seed_articles(seeds_dir=seeds_dir)
        self.stdout.write(
            f"Articles from {seeds_dir or settings.SEEDS_DIR}: {counts['attached']} attached, "
            f"{counts['unchanged']} unchanged, {counts['skipped']} skipped (file missing or unreadable)."
        )
