"""python manage.py backfill_retrievability — the recall FSRS predicted, for reviews logged before it was stored.

Each review keeps the card's state before it was rated, so the prediction is the one FSRS would
have made then. Runs in batches by id and can be stopped and run again: it fills only empty rows.
"""

from django.core.management.base import BaseCommand

from quizzes import scheduling
from quizzes.models import Review

FIELDS = ("id", "state_before", "step_before", "stability_before", "difficulty_before", "due_before")


class Command(BaseCommand):
    help = "Fill Review.retrievability for reviews logged before predictions were stored."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args, batch, **opts):
        pending = Review.objects.filter(
            retrievability__isnull=True, last_review_before__isnull=False, stability_before__isnull=False
        ).order_by("id")
        last_id, filled = 0, 0
        while True:
            rows = list(pending.filter(id__gt=last_id).only(*FIELDS, "last_review_before", "reviewed_at")[:batch])
            if not rows:
                break
            for review in rows:
                before = {
                    "state": review.state_before,
                    "step": review.step_before,
                    "stability": review.stability_before,
                    "difficulty": review.difficulty_before,
                    "due": review.due_before,
                    "last_review": review.last_review_before,
                }
                review.retrievability = scheduling.retrievability(before, review.reviewed_at)
            Review.objects.bulk_update(rows, ["retrievability"])
            filled += len(rows)
            last_id = rows[-1].id
        self.stdout.write(f"{filled} reviews now carry the recall FSRS predicted.")
