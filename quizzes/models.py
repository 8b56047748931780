"""The database tables: people, question sets with their sources and versioned questions."""

import hashlib
import json
import re
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A student or instructor; holds what the app needs per person."""

    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    # Whether the zone was chosen (in the settings, or taken once from the browser): until then
    # the browser's zone replaces the default on the next request.
    time_zone_chosen = models.BooleanField(default=False)
    language = models.CharField(_("interface language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    desired_retention = models.FloatField(
        _("desired retention"), default=0.90, validators=[MinValueValidator(0.70), MaxValueValidator(0.97)]
    )
    new_per_day = models.PositiveSmallIntegerField(_("new cards per day per set"), default=20)
    max_reviews_per_day = models.PositiveIntegerField(_("maximum reviews per day"), default=200)
    due_reminders = models.BooleanField(
        _("e-mail me a daily digest of assignments due soon"),
        default=False,
        help_text=_("Sent in the morning, only when something is due in the next few days."),
    )
    # The student's local date of the last digest: one a day, however often the task runs.
    reminded_on = models.DateField(null=True, blank=True)
    # FSRS parameters fitted to the student's own answers, used for their next reviews; None for
    # the defaults. Kept on this row so scheduling a review reads no other (study/schedule.py).
    fsrs_parameters = models.JSONField(null=True, blank=True, editable=False)

    def __str__(self):
        return self.display_name or self.username

    @cached_property
    def is_instructor(self):
        return self.is_superuser or any(g.name == INSTRUCTORS_GROUP for g in self.groups.all())


INSTRUCTORS_GROUP = "instructors"

# A set's slug as its URLs and files spell it (narrower than SlugField: lowercase, no underscore).
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


class QuestionSet(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    # Never changes: what links from outside the app (shared links, LTI, Anki decks) name, since a
    # slug may be renamed.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ar")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="question_sets"
    )
    is_public = models.BooleanField(_("public"), default=False)
    # Whether every question must cite an article and quote (the YAML's `cite`): on for sets built
    # from documents, off for a teacher writing from their own knowledge.
    requires_sources = models.BooleanField(_("every question cites an article"), default=False)
    # Instructors the owner lets edit the set as well.
    editors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="shared_sets")
    # A student's own set (bank/own_sets.py): seen and edited by its owner only, never public,
    # assigned to a class or given editors; staff see it in the admin only.
    personal = models.BooleanField(_("a student's own set"), default=False)
    # The set a student's own set was copied from through a shared link: one copy per student.
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies", editable=False
    )
    # Renewed by every write of its questions or sources (bank/writing.py); the cache keys use it.
    content_revision = models.PositiveIntegerField(default=0)
    # The hash of the YAML file last imported, so a restart never re-imports an unchanged file.
    source_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            # Opening a shared link twice (or a double click) copies the set once.
            models.UniqueConstraint(
                fields=["owner", "copied_from"], condition=Q(copied_from__isnull=False), name="one_copy_per_student"
            )
        ]

    def __str__(self):
        return self.title


class SetLink(models.Model):
    """A link a student shares their own set by: a classmate who opens it while it is not revoked
    gets a copy of their own. Only the SHA-256 of its token is stored, so it is shown once."""

    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # How many copies were made through it.
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"link {self.pk} to {self.question_set_id}"


class SetSlugAlias(models.Model):
    """A slug a set had before it was renamed: its pages' old addresses redirect to the new ones."""

    slug = models.SlugField(max_length=100, unique=True)
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="slug_aliases")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.slug


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


class Image(models.Model):
    """A picture a question's prompt or option shows: re-encoded pixels only (bank/images.py), in the
    "images" storage, seen by whoever may see its set. Never deleted while its set lives, so every
    version of a question that shows it still can."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="images")
    # The file's name in the "images" storage.
    name = models.CharField(max_length=200)
    alt_text = models.CharField(_("alt text"), max_length=500)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    content_type = models.CharField(max_length=32)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question_set", "created_at"]

    def __str__(self):
        return f"{self.question_set_id}/{self.uuid}"


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
    # Filled by quizzes whose policy feeds the schedule: the attempt this answer belongs to.
    attempt = models.ForeignKey("Attempt", null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews")
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
    # The chance of recall FSRS predicted when the card was rated (None for a new card): the
    # calibration report plots it against what the student answered.
    retrievability = models.FloatField(null=True, blank=True)
    # An instructor's word on an "I was right" claim: when, and whether they confirmed it. A rejected
    # claim's score goes back to `overridden_score` for the reports; the schedule is left as it is.
    override_reviewed_at = models.DateTimeField(null=True, blank=True)
    override_accepted = models.BooleanField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["student", "reviewed_at"]),
            models.Index(fields=["question", "reviewed_at"]),
            # A student's recent reviews in a set (dashboard retention, per-student reports): a few
            # rows per question instead of intersecting all of the student's and the question's.
            models.Index(fields=["student", "question", "reviewed_at"], name="review_student_question"),
            # "I was right" answers are few among many reviews: the instructor's list and item
            # analysis read them per question, not the whole log.
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
    # Every membership row, removed students' too: read members through `Membership.objects.current()`
    # (classes.members, classes.joined_by), never through this field, which only adds.
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="classes", blank=True, through="Membership"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def current(self):
        """The memberships that count: a student an instructor removed is no member anywhere."""
        return self.filter(removed_at__isnull=True)


class Membership(models.Model):
    """A student in a class since `joined_at`; `removed_at` when an instructor removed them (their
    attempts and progress are kept, and hidden from the class until they join again)."""

    klass = models.ForeignKey(Klass, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["klass", "student"], name="one_membership_per_class")]
        indexes = [models.Index(fields=["student", "klass"], name="membership_student_klass")]

    def __str__(self):
        return f"{self.student} in {self.klass}"


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


class InstructorInvitation(models.Model):
    """A staff member's invitation to become an instructor: used once, expiring, revocable. Only the
    SHA-256 of its token is stored, so the link is shown once, when it is made."""

    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="invitations_made"
    )
    note = models.CharField(_("email or note"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.note or f"invitation {self.pk}"


# Moodle's review moments and what each may show (quiz review options).
REVIEW_MOMENTS = ("during", "immediately", "open", "closed")
REVIEW_ITEMS = ("response", "correctness", "marks", "explanation", "right_answer")


def default_review_options():
    # As Moodle's defaults: everything at every moment ("during" matters only with immediate feedback).
    every = list(REVIEW_ITEMS)
    return {"during": every, "immediately": every, "open": every, "closed": every}


class Quiz(models.Model):
    """A scored test an instructor sets from a question set, for chosen classes."""

    class Grading(models.TextChoices):
        HIGHEST = "highest", _("Highest grade")
        AVERAGE = "average", _("Average grade")
        FIRST = "first", _("First attempt")
        LAST = "last", _("Last attempt")

    class Timeout(models.TextChoices):
        SUBMIT = "submit", _("Submitted automatically with what was saved")
        GRACE = "grace", _("A grace period in which the student may only submit")

    class Feedback(models.TextChoices):
        DEFERRED = "deferred", _("Deferred: nothing shown until submitted")
        IMMEDIATE = "immediate", _("Immediate: each answer checked as given, once")

    class Layout(models.TextChoices):
        ONE = "one", _("One question per page")
        ALL = "all", _("All questions on one page")

    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quizzes")
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="quizzes", verbose_name=_("question set")
    )
    # Only questions with one of these tags (none chosen: the whole set).
    tags = models.ManyToManyField(Tag, blank=True, related_name="+", verbose_name=_("tags"))
    question_count = models.PositiveSmallIntegerField(
        _("number of questions"), null=True, blank=True, help_text=_("Empty: all of them; else a random draw.")
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)
    time_limit = models.PositiveSmallIntegerField(
        _("time limit in minutes"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    on_timeout = models.CharField(_("when time runs out"), max_length=8, choices=Timeout.choices, default="submit")
    grace_minutes = models.PositiveSmallIntegerField(_("grace period in minutes"), default=5)
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, help_text=_("0 means unlimited.")
    )
    grading = models.CharField(_("grading method"), max_length=8, choices=Grading.choices, default="highest")
    feedback = models.CharField(_("feedback"), max_length=10, choices=Feedback.choices, default="deferred")
    layout = models.CharField(_("layout"), max_length=4, choices=Layout.choices, default="one")
    feeds_schedule = models.BooleanField(
        _("answers count for spaced repetition"),
        default=True,
        help_text=_("A wrong answer makes the card due again; a right one counts as Easy (new card) or Good."),
    )
    # Moodle's maximum grade: an attempt's share of its questions' marks, out of this.
    max_grade = models.FloatField(
        _("maximum grade"), default=10, validators=[MinValueValidator(0.01), MaxValueValidator(10_000)]
    )
    review_options = models.JSONField(default=default_review_options)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    classes = models.ManyToManyField(Klass, related_name="quizzes", verbose_name=_("classes"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return self.title


class QuizMark(models.Model):
    """A question's mark in a quiz (Moodle's maximum mark of a slot); a question without one is worth 1."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="marks")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    mark = models.FloatField(validators=[MinValueValidator(0), MaxValueValidator(1000)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["quiz", "question"], name="one_mark_per_quiz_question")]

    def __str__(self):
        return f"{self.quiz} · {self.question_id}: {self.mark}"


class QuizDraw(models.Model):
    """`count` questions drawn at random from a tag of the quiz's set, each worth `mark`, as
    Moodle's random questions from a category; a quiz with draws asks its draws only."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="draws")
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    mark = models.FloatField(default=1, validators=[MinValueValidator(0), MaxValueValidator(1000)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["quiz", "position", "pk"]

    def __str__(self):
        return f"{self.quiz} · {self.count} × {self.tag}"


class QuizOverride(models.Model):
    """A student's or a whole class's own settings for a quiz (Moodle's user and group overrides):
    each field left empty keeps the quiz's. A student's own override beats their class's; across
    several classes the most lenient wins (attempts/overrides.py)."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="overrides")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    klass = models.ForeignKey(Klass, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    time_limit = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(student__isnull=True, klass__isnull=False) | Q(student__isnull=False, klass__isnull=True),
                name="override_for_a_student_or_a_class",
            ),
            models.UniqueConstraint(fields=["quiz", "student"], name="one_override_per_student"),
            models.UniqueConstraint(fields=["quiz", "klass"], name="one_override_per_class"),
        ]

    def __str__(self):
        return f"{self.quiz} · {self.student or self.klass}"


class Attempt(models.Model):
    """One sitting of a quiz by a student; its rows fix the questions and their order."""

    class State(models.TextChoices):
        IN_PROGRESS = "progress", _("In progress")
        FINISHED = "finished", _("Finished")
        ABANDONED = "abandoned", _("Never submitted")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    # None: no time limit and no closing time.
    deadline = models.DateTimeField(null=True, blank=True)
    # The grace period, copied from the quiz at start (0: submitted automatically at the deadline).
    grace_seconds = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.IN_PROGRESS)
    # A fraction of the questions' marks, 0..1; set when finalised.
    score = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["quiz", "student", "number"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "student", "number"], name="unique_attempt_number"),
            # A double-clicked "start" or a second tab resumes the open attempt instead of opening another.
            models.UniqueConstraint(
                fields=["quiz", "student"], condition=Q(state="progress"), name="one_open_attempt_per_quiz"
            ),
        ]
        indexes = [models.Index(fields=["state", "deadline"])]

    def __str__(self):
        return f"{self.quiz} · {self.student} · {self.number}"


class AttemptQuestion(models.Model):
    """A question of an attempt: the version shown, its seed and place, and the saved response."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    seed = models.PositiveIntegerField()
    response = models.JSONField(null=True, blank=True)
    # The submitted form values (opaque names), so a reload shows the answer as it was given.
    form = models.JSONField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    # The browser's number for the save stored here: an older save arriving late (a retry) is ignored.
    saved_seq = models.PositiveIntegerField(default=0)
    # Immediate feedback: when the answer was checked; it cannot change after.
    checked_at = models.DateTimeField(null=True, blank=True)
    flagged = models.BooleanField(default=False)
    # The question's mark in this attempt (its maximum), fixed when the attempt starts.
    mark = models.FloatField(default=1)
    # A grader's score (a fraction of `mark`), for an essay or overriding the automatic one, with
    # its comment: it counts instead of `score` while set.
    manual_score = models.FloatField(null=True, blank=True)
    manual_comment = models.TextField(blank=True)
    manual_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    manual_at = models.DateTimeField(null=True, blank=True)
    # The review written when the answer fed the student's schedule (once).
    review = models.OneToOneField(Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="unique_attempt_position")]

    def __str__(self):
        return f"{self.attempt} #{self.position}"


class FittedSchedule(models.Model):
    """The last fit of FSRS parameters to one student's own review log: fitted on all but their
    latest reviews, then the default and the fitted parameters judged on those latest (held-out)
    reviews by log loss and calibration error (rmse_bins). `better` says the fitted ones won and
    became the student's parameters (User.fsrs_parameters) at `fitted_at`."""

    student = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fitted_schedule")
    parameters = models.JSONField()
    rmse_before = models.FloatField()
    rmse_after = models.FloatField()
    log_loss_before = models.FloatField(null=True)
    log_loss_after = models.FloatField(null=True)
    reviews = models.PositiveIntegerField()
    items = models.PositiveIntegerField()
    # How many of the latest reviews were held out of the fit to judge it.
    held_out = models.PositiveIntegerField(default=0)
    better = models.BooleanField(default=False)
    fitted_at = models.DateTimeField()

    def __str__(self):
        return f"{self.student} · {self.fitted_at:%Y-%m-%d}"


class FitRequest(models.Model):
    """A student's "Fit my schedule", done in the background: queued, running, then done or failed
    (too few reviews, or a log fsrs-rs could not fit). The fit itself is FittedSchedule."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    student = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fit_request")
    state = models.CharField(max_length=10, choices=State.choices)
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.student_id} · {self.state}"


class QuestionTally(models.Model):
    """One student's answers to one question, kept as they are rated so reports need not read
    the review log: how many, their total score, how many missed, and the first answer."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="+")
    answers = models.PositiveIntegerField(default=0)
    score_sum = models.FloatField(default=0)
    missed = models.PositiveIntegerField(default=0)
    first_review_id = models.BigIntegerField(null=True)
    first_score = models.FloatField(null=True)
    first_response = models.JSONField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "question"], name="one_tally_per_question")]
        indexes = [models.Index(fields=["question_set", "student"])]

    def __str__(self):
        return f"{self.student_id} · {self.question_id}: {self.answers}"


class DayTally(models.Model):
    """One student's reviews in a set on one study day, kept as they are rated: the heatmap,
    retention and its trend read these (calibration reads BinTally)."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    reviews = models.PositiveIntegerField(default=0)
    recalled = models.PositiveIntegerField(default=0)
    predicted_sum = models.FloatField(default=0)
    in_review = models.PositiveIntegerField(default=0)
    in_review_recalled = models.PositiveIntegerField(default=0)
    mature = models.PositiveIntegerField(default=0)
    mature_recalled = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "question_set", "day"], name="one_tally_per_day")]
        indexes = [models.Index(fields=["question_set", "day"])]

    def __str__(self):
        return f"{self.student_id} · {self.day}: {self.reviews}"


class BinTally(models.Model):
    """One student's reviews in a set with one predicted-recall bin, over all days: the day
    tallies summed, kept as answers are rated so calibration reads a dozen rows per student."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="+")
    bin = models.SmallIntegerField()
    reviews = models.PositiveIntegerField(default=0)
    recalled = models.PositiveIntegerField(default=0)
    predicted_sum = models.FloatField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "question_set", "bin"], name="one_tally_per_bin")]

    def __str__(self):
        return f"{self.student_id} · {self.bin}: {self.reviews}"


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


# LTI 1.3: the school's LMS launches the app (quizzes/lti/ owns the rules; these rows are its memory).


class LtiPlatform(models.Model):
    """An LMS registered by staff: who signs its launches, where its keys and tokens come from, and
    the deployments whose launches are accepted (any other deployment is refused)."""

    name = models.CharField(_("name"), max_length=150)
    issuer = models.CharField(_("issuer"), max_length=255)
    client_id = models.CharField(_("client ID"), max_length=255)
    # One deployment ID per line in the form; a launch from another deployment is refused.
    deployment_ids = models.JSONField(_("deployment IDs"), default=list)
    key_set_url = models.URLField(_("platform's public keyset URL"), max_length=500)
    auth_login_url = models.URLField(_("authentication request URL"), max_length=500)
    auth_token_url = models.URLField(_("access token URL"), max_length=500)
    auth_audience = models.CharField(_("access token audience"), max_length=500, blank=True)
    # Off by default: a launch opens in a new window, so our cookies stay SameSite=Lax.
    allow_framing = models.BooleanField(_("may show the tool inside the LMS page"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["issuer", "client_id"], name="one_platform_per_client")]
        verbose_name = _("LMS platform")

    def __str__(self):
        return self.name


class LtiToolKey(models.Model):
    """One of the tool's signing keys. The newest unretired one signs; a retired key stays in the
    published keyset until `expires_at`, so a platform holding a token it signed can still check it."""

    kid = models.CharField(max_length=64, unique=True)
    private_key_pem = models.TextField()
    public_jwk = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.kid


class LtiUserLink(models.Model):
    """The platform's user (its `sub`, per issuer) behind one of our accounts: never matched by e-mail."""

    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_links")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="one_account_per_platform_user")]

    def __str__(self):
        return f"{self.subject} @ {self.issuer}"


class LtiCourse(models.Model):
    """An LMS course (a context of one deployment) kept as one of our classes."""

    platform = models.ForeignKey(LtiPlatform, on_delete=models.CASCADE, related_name="courses")
    issuer = models.CharField(max_length=255)
    deployment_id = models.CharField(max_length=255)
    context_id = models.CharField(max_length=255)
    klass = models.OneToOneField(Klass, on_delete=models.CASCADE, related_name="lti_course")
    # The Names and Role Provisioning Services URL the last launch gave (blank: no roster service).
    memberships_url = models.URLField(max_length=500, blank=True)
    synced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "deployment_id", "context_id"], name="one_class_per_lms_course")
        ]

    def __str__(self):
        return f"{self.context_id} ({self.issuer})"


class LtiRosterEntry(models.Model):
    """A student the LMS roster listed. `dropped_at`: the roster sync removed them because the LMS
    no longer lists them; only such a removal is undone by a later sync, never an instructor's."""

    course = models.ForeignKey(LtiCourse, on_delete=models.CASCADE, related_name="roster")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dropped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "student"], name="one_roster_entry")]

    def __str__(self):
        return f"{self.student} in {self.course}"


class LtiLineItem(models.Model):
    """A resource link placed in an LMS course by deep linking: a quiz (graded) or a set to study
    (graded by progress when the teacher chose so), and the gradebook column it reports to."""

    course = models.ForeignKey(LtiCourse, on_delete=models.CASCADE, related_name="line_items")
    resource_link_id = models.CharField(max_length=255)
    quiz = models.ForeignKey(Quiz, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    question_set = models.ForeignKey(QuestionSet, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    lineitem_url = models.URLField(max_length=500, blank=True)
    score_maximum = models.FloatField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "resource_link_id"], name="one_line_item_per_link"),
            models.CheckConstraint(
                condition=Q(quiz__isnull=True, question_set__isnull=False)
                | Q(quiz__isnull=False, question_set__isnull=True),
                name="line_item_is_quiz_or_set",
            ),
        ]

    def __str__(self):
        return self.resource_link_id


class LtiScoreSent(models.Model):
    """What was last sent to a gradebook column for a student: the timestamp (a resend goes only
    forward), and the failures in a row that the retry backoff counts."""

    line_item = models.ForeignKey(LtiLineItem, on_delete=models.CASCADE, related_name="scores")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    timestamp = models.DateTimeField(null=True, blank=True)
    score_given = models.FloatField(null=True, blank=True)
    grading_progress = models.CharField(max_length=20, blank=True)
    failures = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["line_item", "student"], name="one_score_row")]

    def __str__(self):
        return f"{self.line_item} · {self.student}"


class LtiLaunchValue(models.Model):
    """pylti1p3's launch storage (OIDC state, nonce, validated launch data) in the database, which
    every server process shares."""

    key = models.CharField(max_length=255, unique=True)
    value = models.JSONField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.key


class LtiUsedNonce(models.Model):
    """A launch's nonce once accepted: the same signed launch sent again is refused."""

    issuer = models.CharField(max_length=255)
    nonce = models.CharField(max_length=255)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "nonce"], name="nonce_used_once")]

    def __str__(self):
        return self.nonce


class ScheduledRun(models.Model):
    """A periodic job enqueued for one slot (its minute, hour or day): the unique row lets several
    schedulers (one per app server) run side by side and still enqueue each slot once."""

    name = models.CharField(max_length=60)
    slot = models.DateTimeField()
    enqueued_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="one_run_per_slot")]

    def __str__(self):
        return f"{self.name} @ {self.slot:%Y-%m-%d %H:%M}"


class LearnSession(models.Model):
    """A Learn session over a set (or some of its tags): each question is asked, from choices to
    typing, until answered right twice. It never touches the schedule (no Review, card or tally).

    `state` holds each question's stage and right answers, the round, the question shown (its
    one-time token, seed and generated choices) and the last answer; `version` moves with every
    write, so a double-clicked answer counts once and two tabs do not overwrite each other."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learn_sessions")
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="learn_sessions")
    tags = models.JSONField(default=list, blank=True)
    state = models.JSONField(default=dict)
    total = models.PositiveIntegerField(default=0)
    mastered = models.PositiveIntegerField(default=0)
    # Essays in the chosen questions: Learn cannot grade them, and says how many it left out.
    skipped = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["student", "question_set", "-started_at"])]

    def __str__(self):
        return f"{self.student_id}/{self.question_set_id} learn {self.mastered}/{self.total}"
