"""Writing question content: the one path that validates, stores the canonical form, records a
version of what students are shown, and renews the set's content revision that caches key on."""

import math
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import PendingAnswer, Question, QuestionSet, QuestionVersion, Tag, content_hash
from ..questions import Problem, canonical_question, image_refs, type_data, validate_question
from .sets import MAX_OWN_QUESTIONS, OWN_TYPES, renew_content, study_order
from .sources import quote_problems

# Whole numbers beyond this lose digits as JSON numbers in a browser, and no question needs them.
MAX_NUMBER = 10**15


class InvalidQuestion(Exception):
    """The question cannot be saved; `problems` locate each fault inside the question."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(f"{'.'.join(map(str, p.path)) or '-'}: {p.message}" for p in self.problems))


class QuestionInUse(Exception):
    """The question has reviews: it may be retired, never deleted."""


@dataclass
class SaveResult:
    question: Question
    # "created", "updated" or "unchanged"
    outcome: str
    version: QuestionVersion


def storable_problems(value, path=()) -> list[Problem]:
    """What in `value` the database cannot keep: NUL characters, numbers that are not finite or
    too large, located by path."""
    problems = []
    if isinstance(value, dict):
        for key, item in value.items():
            problems += storable_problems(key, path)
            problems += storable_problems(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            problems += storable_problems(item, path + (i,))
    elif isinstance(value, str):
        if "\x00" in value:
            problems.append(Problem(path, _("The text contains a NUL character, which cannot be stored.")))
    elif isinstance(value, float) and not math.isfinite(value):
        problems.append(Problem(path, _("The number must be finite (not .nan or .inf).")))
    elif isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
        problems.append(
            Problem(path, _("The number is too large: at most %(max)s is accepted.") % {"max": f"{MAX_NUMBER:,}"})
        )
    return problems


def validate(raw, source_keys, texts=None, *, cite=True, images=None) -> list[Problem]:
    """Every problem with one question's mapping: the type's checks, then what cannot be stored,
    then quotes missing from their article (for sources whose text is attached, {key: text}).
    `cite`: the set requires a source of every question (`QuestionSet.requires_sources`).
    `images`: the uuids of the set's images, which its pictures must name (None: not checked)."""
    problems = storable_problems(raw)
    if problems:
        return problems
    problems = list(validate_question(raw, set(source_keys), cite=cite))
    if not problems and images is not None:
        problems = image_problems(raw, images)
    return problems or quote_problems(raw, texts or {})


def image_problems(raw, images) -> list[Problem]:
    """The pictures of a valid question that are not images of its set (by uuid, as text)."""
    return [
        Problem(path, _("The image “%(id)s” is not one of this set's images.") % {"id": ref})
        for path, ref in image_refs(raw)
        if ref not in images
    ]


def set_image_ids(qset) -> set:
    """The uuids (as text) of the set's images, which its questions may show."""
    return {str(u) for u in qset.images.values_list("uuid", flat=True)}


@transaction.atomic
def save_question(qset, raw, *, author, position=None) -> SaveResult:
    """Creates or updates the question `raw["id"]` of the set; raises InvalidQuestion.

    A retired question brought back by a save is live again. `position` None keeps an existing
    question's place and puts a new one last.
    """
    sources = list(qset.sources.values_list("key", "text"))
    problems = validate(
        raw,
        [key for key, _text in sources],
        {key: text for key, text in sources if text},
        cite=qset.requires_sources,
        images=set_image_ids(qset),
    )
    if not problems and qset.personal and raw.get("type") not in OWN_TYPES:
        problems = [Problem(("type",), _("A set of your own holds flashcards, short answers and single choices only."))]
    if problems:
        raise InvalidQuestion(problems)
    data = canonical_question(raw)
    lock_set(qset)
    question = qset.questions.select_related("current_version").prefetch_related("tags").filter(key=data["id"]).first()
    if question is None or question.retired_at is not None:
        refuse_when_full(qset)
    if position is None:
        position = question.position if question is not None else next_position(qset)
    result = write_question(qset, question, data, position, tags_by_name(data["tags"]), author=author)
    if result.outcome != "unchanged":
        renew_content(qset)
    return result


def refuse_when_full(qset, adding=1):
    """InvalidQuestion when `adding` more live questions would take a student's own set past its
    limit; the caller holds the set's lock, so two writers never both take the last place."""
    if not qset.personal:
        return
    live = qset.questions.filter(retired_at__isnull=True).count()
    if live + adding > MAX_OWN_QUESTIONS:
        message = _("A set of your own holds at most %(max)d questions, and this one has %(n)d.")
        raise InvalidQuestion([Problem((), message % {"max": MAX_OWN_QUESTIONS, "n": live})])


def next_position(qset):
    """The place after the set's last question (0 for the first), so a new question goes last and
    the file an author exports lists questions in the order of their positions."""
    last = qset.questions.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def lock_set(qset):
    """Serialises writers of one set's content. FOR NO KEY UPDATE: a student shown a card inserts
    a row whose foreign key takes KEY SHARE on the set, which this lock never makes wait."""
    return QuestionSet.objects.select_for_update(no_key=True).only("pk").get(pk=qset.pk)


def write_question(qset, question, data, position, tags, *, author) -> SaveResult:
    """Writes one valid question in canonical form (`question` None creates it); the caller holds
    the set's lock and renews its content afterwards. `tags` maps the names used to Tag rows."""
    fields = {
        "type": data["type"],
        "prompt": data["prompt"],
        "explanation": data["explanation"],
        "data": type_data(data),
        "sources": data["sources"],
        "position": position,
        "retired_at": None,
    }
    if question is None:
        question = Question.objects.create(question_set=qset, key=data["id"], **fields)
        outcome = "created"
    else:
        before = {f: getattr(question, f) for f in fields}
        before_tags = sorted(t.name for t in question.tags.all())
        if before == fields and before_tags == sorted(data["tags"]):
            return SaveResult(question, "unchanged", question.current_version)
        for name, value in fields.items():
            setattr(question, name, value)
        question.save(update_fields=[*fields, "updated_at"])
        outcome = "updated"
    question.tags.set([tags[name] for name in data["tags"]])
    return SaveResult(question, outcome, record_version(question, author=author))


def tags_by_name(names):
    found = {t.name: t for t in Tag.objects.filter(name__in=names)}
    for name in sorted(set(names) - set(found)):
        found[name], _created = Tag.objects.get_or_create(name=name)
    return found


def record_version(question, *, author=None):
    """Adds a QuestionVersion when anything a student is shown changed since the current one."""
    content = question.shown_content()
    digest = content_hash(content)
    current = question.current_version
    if current is not None and current.content_hash == digest:
        return current
    number = (question.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = QuestionVersion.objects.create(
        question=question, number=number, content_hash=digest, author=author, **content
    )
    question.current_version = version
    question.save(update_fields=["current_version"])
    return version


def retire_question(question, *, now=None):
    """Takes the question out of study, keeping its history; returns False if it was retired."""
    now = now or timezone.now()
    return _set_retired(question, now, now)


def restore_question(question):
    """Brings a retired question back into study; returns False if it was live."""
    return _set_retired(question, None, timezone.now())


@transaction.atomic
def _set_retired(question, retired_at, now):
    lock_set(question.question_set)
    if retired_at is None and question.retired_at is not None:
        refuse_when_full(question.question_set)
    current = Question.objects.filter(pk=question.pk, retired_at__isnull=retired_at is not None)
    if not current.update(retired_at=retired_at, updated_at=now):
        return False
    question.retired_at = retired_at
    renew_content(question.question_set)
    return True


@transaction.atomic
def delete_question(question):
    """Deletes a question nobody has answered; one with reviews raises QuestionInUse (retire it)."""
    lock_set(question.question_set)
    if question.reviews.exists():
        raise QuestionInUse(_("This question has answers in the review log: retire it instead of deleting it."))
    # Cards shown and never answered go with it (they pin its versions, which go too).
    PendingAnswer.objects.filter(question=question).delete()
    question.delete()
    renew_content(question.question_set)


def shown_version_is_current(qset, shown) -> bool:
    """Whether the card shown (a PendingAnswer) still shows its question's current version; False
    when the question was edited or retired since it was shown. It is graded on the version shown
    either way; the answer side can say the question changed in between."""
    return study_order(qset).get(shown.question_id) == shown.version_id


@transaction.atomic
def move_question(question, direction, *, expected_position):
    """Swaps the question with its neighbour above ("up") or below ("down") in the set's order.

    `expected_position` is where the author saw it: a second click of the same button (the
    question has moved since) changes nothing. Returns whether it moved.
    """
    lock_set(question.question_set)
    current = Question.objects.filter(pk=question.pk).values_list("position", flat=True).first()
    if current is None or current != expected_position or direction not in ("up", "down"):
        return False
    others = question.question_set.questions.exclude(pk=question.pk)
    if direction == "up":
        neighbour = others.filter(position__lte=current).order_by("-position", "-id").first()
    else:
        neighbour = others.filter(position__gte=current).order_by("position", "id").first()
    if neighbour is None:
        return False
    now = timezone.now()
    new_position = neighbour.position
    if new_position == current:
        # Equal positions (an old import) are told apart by moving the neighbour one step away.
        new_position = current - 1 if direction == "up" else current + 1
        if new_position < 0:
            Question.objects.filter(question_set=question.question_set).update(position=F("position") + 1)
            current, new_position = current + 1, current
    else:
        Question.objects.filter(pk=neighbour.pk).update(position=current, updated_at=now)
    Question.objects.filter(pk=question.pk).update(position=new_position, updated_at=now)
    question.position = new_position
    renew_content(question.question_set)
    return True


class OrderRefused(ValueError):
    """A new order that is not exactly the set's live questions, each once; nothing was written."""


@transaction.atomic
def reorder_questions(qset, keys) -> int:
    """Puts the set's live questions in the order of `keys` (each live question's key, once),
    all or nothing, under the set's lock so two tabs cannot interleave. The live questions take
    the positions they held between them, in the new order, so retired ones keep theirs.
    Returns how many questions moved: sending the same order again moves none."""
    keys = list(keys)
    lock_set(qset)
    live = list(
        Question.objects.filter(question_set=qset, retired_at__isnull=True)
        .order_by("position", "id")
        .only("pk", "key", "position")
    )
    by_key = {question.key: question for question in live}
    if len(keys) != len(live) or set(keys) != set(by_key):
        raise OrderRefused(f"the order must name each of the set's {len(live)} live questions once")
    slots, last = [], -1
    for question in live:
        # Equal positions (an old import) are spread out so that the new order holds.
        last = max(question.position, last + 1)
        slots.append(last)
    moved = []
    for key, position in zip(keys, slots, strict=True):
        question = by_key[key]
        if question.position != position:
            question.position = position
            moved.append(question)
    if moved:
        now = timezone.now()
        for question in moved:
            question.updated_at = now
        Question.objects.bulk_update(moved, ["position", "updated_at"])
        renew_content(qset)
    return len(moved)
