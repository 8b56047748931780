"""Calibration: the recall FSRS predicted at each review against what students answered, binned.
(Fitting a student's own parameters is study's: study/schedule.py.)"""

from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q, Sum, Value
from django.db.models.functions import Floor, Least

BINS = 10


@dataclass
class Bin:
    lower: float
    upper: float
    reviews: int = 0
    predicted: float = 0.0
    observed: float = 0.0


def bins(reviews) -> list[Bin]:
    """Ten bins of predicted recall (0–10 %, … 90–100 %) over a queryset of reviews: how many
    reviews, their mean prediction and the share answered right (rated above Again), in one query."""
    rows = (
        reviews.filter(retrievability__isnull=False, undone_at__isnull=True)
        .annotate(bin=Least(Floor(F("retrievability") * Value(float(BINS))), Value(BINS - 1.0)))
        .values("bin")
        .annotate(n=Count("id"), predicted=Avg("retrievability"), recalled=Count("id", filter=Q(rating__gt=1)))
        .order_by()
    )
    result = [Bin(i / BINS, (i + 1) / BINS) for i in range(BINS)]
    for row in rows:
        b = result[max(0, int(row["bin"]))]
        b.reviews, b.predicted, b.observed = row["n"], row["predicted"], row["recalled"] / row["n"]
    return result


def bins_from_tallies(tallies) -> list[Bin]:
    """`bins` from bin tallies (a BinTally queryset) instead of the review log: the same numbers."""
    rows = (
        tallies.filter(bin__gte=0)
        .values("bin")
        .annotate(n=Sum("reviews"), predicted=Sum("predicted_sum"), ok=Sum("recalled"))
        .order_by()
    )
    result = [Bin(i / BINS, (i + 1) / BINS) for i in range(BINS)]
    for row in rows:
        if row["n"]:
            b = result[row["bin"]]
            b.reviews, b.predicted, b.observed = row["n"], row["predicted"] / row["n"], row["ok"] / row["n"]
    return result


def error(bins_) -> float | None:
    """Root mean square of observed minus predicted recall, each bin weighted by its reviews."""
    total = sum(b.reviews for b in bins_)
    if not total:
        return None
    return (sum(b.reviews * (b.observed - b.predicted) ** 2 for b in bins_) / total) ** 0.5
