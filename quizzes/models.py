"""The database tables: people, question sets with their sources and versioned questions."""

import hashlib
import json

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A student or instructor; holds what the app needs per person."""

    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    language = models.CharField(_("interface language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    desired_retention = models.FloatField(
        _("desired retention"), default=0.90, validators=[MinValueValidator(0.70), MaxValueValidator(0.97)]
    )
    new_per_day = models.PositiveSmallIntegerField(_("new cards per day per set"), default=20)
    max_reviews_per_day = models.PositiveIntegerField(_("maximum reviews per day"), default=200)

    def __str__(self):
        return self.display_name or self.username

    @cached_property
    def is_instructor(self):
        return self.is_superuser or any(g.name == INSTRUCTORS_GROUP for g in self.groups.all())


INSTRUCTORS_GROUP = "instructors"


class QuestionSet(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ar")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="question_sets"
    )
    is_public = models.BooleanField(_("public"), default=False)
    # Instructors the owner lets edit the set as well.
    editors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="shared_sets")
    # Renewed by every write of its questions or sources (bank/writing.py); the cache keys use it.
    content_revision = models.PositiveIntegerField(default=0)
    # The hash of the YAML file last imported, so a restart never re-imports an unchanged file.
    source_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class Source(models.Model):
    """An article questions cite, by the id the set's YAML gives it; one file may hold several."""

    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="sources")
    key = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    file = models.CharField(max_length=200)
    # An article is the part of `file` from the first `begins` (or the start) up to `ends`.
    begins = models.CharField(max_length=300, blank=True)
    ends = models.CharField(max_length=300, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    date = models.CharField(max_length=32, blank=True)
    position = models.PositiveIntegerField(default=0)
    # The article's own words, so a student can read a quote in context; empty when not attached.
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["question_set", "key"], name="unique_source_key")]

    def __str__(self):
        return self.title


class Tag(models.Model):
    name = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Question(models.Model):
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=100)
    type = models.CharField(max_length=20)
    position = models.PositiveIntegerField(default=0)
    prompt = models.TextField()
    explanation = models.TextField(blank=True)
    # The type's own fields (options, answers, items, pairs, gaps, back), keyed as in the YAML.
    data = models.JSONField(default=dict)
    # A list of {doc, quote}: doc is a Source.key of the same set.
    sources = models.JSONField(default=list)
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions")
    current_version = models.ForeignKey(
        "QuestionVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A question dropped from its set is retired, never deleted, so its history stays.
    retired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question_set", "position"]
        constraints = [models.UniqueConstraint(fields=["question_set", "key"], name="unique_question_key")]
        indexes = [models.Index(fields=["question_set", "retired_at", "position"])]

    def __str__(self):
        return f"{self.question_set.slug}/{self.key}"

    def shown_content(self):
        """Everything a student is shown of the question, as a version keeps it."""
        return {
            "type": self.type,
            "prompt": self.prompt,
            "data": self.data,
            "explanation": self.explanation,
            "sources": self.sources,
        }


def content_hash(content):
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class QuestionVersion(models.Model):
    """An immutable copy of what a student was shown and graded on, so old answers stay readable."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    type = models.CharField(max_length=20)
    prompt = models.TextField()
    data = models.JSONField()
    explanation = models.TextField(blank=True)
    sources = models.JSONField(default=list)
    content_hash = models.CharField(max_length=64)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "number"]
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="unique_version_number")]

    def __str__(self):
        return f"{self.question} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A question version is immutable; create a new one instead.")
        super().save(*args, **kwargs)


class CardState(models.Model):
    """A student's FSRS memory state for one question; no row (or no review yet) means new."""

    class State(models.IntegerChoices):
        LEARNING = 1, _("learning")
        REVIEW = 2, _("review")
        RELEARNING = 3, _("relearning")

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cards")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="cards")
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(db_index=True)
    last_review = models.DateTimeField(null=True, blank=True)
    # When the card stopped being new, so the day's new-card limit is a count of rows.
    first_reviewed_at = models.DateTimeField(null=True, blank=True)
    reps = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    # A suspended card leaves study until the student restores it, as in Anki.
    suspended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "question"], name="unique_card_per_student")]
        indexes = [models.Index(fields=["student", "state", "due"])]

    def __str__(self):
        return f"{self.student} · {self.question}"


class Review(models.Model):
    """One answer and rating, with the card state before and after; never deleted."""

    class Kind(models.TextChoices):
        STUDY = "study", _("study")
        AHEAD = "ahead", _("study ahead")
        QUIZ = "quiz", _("quiz")

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    # The review log is never deleted: a question with reviews can be retired, not deleted.
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="reviews")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.STUDY)
    # Filled by quizzes: the attempt this answer belongs to.
    attempt_id = models.BigIntegerField(null=True, blank=True)
    response = models.JSONField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField()
    score = models.FloatField()
    # Set when the student said "I was right" after a wrong typed answer: the grade it overrode.
    overridden_score = models.FloatField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    state_before = models.PositiveSmallIntegerField(null=True, blank=True)
    step_before = models.PositiveSmallIntegerField(null=True, blank=True)
    stability_before = models.FloatField(null=True, blank=True)
    difficulty_before = models.FloatField(null=True, blank=True)
    due_before = models.DateTimeField(null=True, blank=True)
    last_review_before = models.DateTimeField(null=True, blank=True)
    state_after = models.PositiveSmallIntegerField()
    step_after = models.PositiveSmallIntegerField(null=True, blank=True)
    stability_after = models.FloatField()
    difficulty_after = models.FloatField()
    due_after = models.DateTimeField()
    scheduled_seconds = models.PositiveBigIntegerField()
    reviewed_at = models.DateTimeField(db_index=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["student", "reviewed_at"]),
            models.Index(fields=["question", "reviewed_at"]),
            # A student's recent reviews in a set (dashboard retention, per-student reports): a few
            # rows per question instead of intersecting all of the student's and the question's.
            models.Index(fields=["student", "question", "reviewed_at"], name="review_student_question"),
            # The instructor's "I was right" list: the rare overridden answers, not the whole log.
            models.Index(
                fields=["question", "-reviewed_at"],
                condition=Q(overridden_score__isnull=False),
                name="review_overridden",
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.question} · {self.rating}"


class PendingAnswer(models.Model):
    """A card as shown to a student: its one-time token, then its checked result and the
    four outcomes the rating buttons offer, so the interval applied is the one shown."""

    token = models.UUIDField(unique=True)
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    # The question's set, kept here so that "one open card per set" is a constraint of the table.
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="+")
    # The student's card for the question when it was shown (none yet for a new card), so that
    # checking reads the card's state with the answer; rating tells if it moved in between.
    card = models.ForeignKey(CardState, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=Review.Kind.choices, default=Review.Kind.STUDY)
    shown_at = models.DateTimeField()
    seed = models.PositiveIntegerField(default=0)
    response = models.JSONField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    outcomes = models.JSONField(null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    # When the student said their wrong typed answer was right ("I was right").
    overridden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # A student studies one card of a set at a time: a reload, a second tab or a
            # double-clicked "next" shows the open card again instead of opening another.
            models.UniqueConstraint(
                fields=["student", "question_set"],
                condition=Q(rated_at__isnull=True, kind__in=["study", "ahead"]),
                name="one_open_card_per_set",
            )
        ]

    def __str__(self):
        return str(self.token)


class ProblemReport(models.Model):
    """A student's report that a question is wrong, unclear or badly sourced."""

    class Reason(models.TextChoices):
        WRONG = "wrong", _("The answer is wrong")
        UNCLEAR = "unclear", _("The wording is unclear")
        SOURCE = "source", _("The source does not support it")
        OTHER = "other", _("Something else")

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="problem_reports")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="problem_reports")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    comment = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.question}: {self.reason}"


class Klass(models.Model):
    """A class an instructor runs: students join with its code, sets are assigned to it."""

    name = models.CharField(_("name"), max_length=150)
    join_code = models.CharField(_("join code"), max_length=12, unique=True)
    instructors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="taught_classes")
    students = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="classes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self):
        return self.name


class Assignment(models.Model):
    klass = models.ForeignKey(Klass, on_delete=models.CASCADE, related_name="assignments")
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="assignments")
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "question_set__title"]
        constraints = [models.UniqueConstraint(fields=["klass", "question_set"], name="unique_assignment")]

    def __str__(self):
        return f"{self.klass}: {self.question_set}"


class ThrottleCount(models.Model):
    """Attempts counted in one time window for one throttled action and one person or client.

    Used when no Redis is configured: the database is what every server process shares. The key
    is a hash, so no address or e-mail is stored here.
    """

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key", "window"], name="one_count_per_window")]

    def __str__(self):
        return f"{self.scope} {self.key[:8]} {self.count}"
