"""The contract every question type fulfils, and the checks their validators share."""

import hashlib
import hmac
import json
import re
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a question's data; `path` locates it inside the question."""

    path: tuple
    message: str


class InvalidResponse(ValueError):
    """The response cannot be graded (not a number, a place given twice): nothing is recorded."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def opaque_key(seed: int, key: str) -> str:
    """The name or value the page uses for `key` on the card shown with `seed`.

    Keyed by SECRET_KEY and the seed (which never leaves the server), so the page cannot be read
    back to author keys, and the same key differs from one card shown to the next.
    """
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{seed}:{key}".encode(), hashlib.sha256).hexdigest()
    return "k" + digest[:10]


def first_value(form, name):
    """The first value submitted under `name`, as text ("" when absent or not text)."""
    values = form.get(name) if isinstance(form, dict) else None
    if isinstance(values, list | tuple):
        values = values[0] if values else ""
    return values if isinstance(values, str) else ""


# NUL and other control characters: no keyboard types them, and PostgreSQL refuses NUL in JSON.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def typed_text(form, name, limit):
    """A typed answer as it is stored: without control characters or surrounding space, cut at `limit`."""
    return _CONTROL.sub("", first_value(form, name)).strip()[:limit]


@dataclass
class Part:
    """Feedback on one option, item, pair or gap: `given` and `expected` are what the page shows.

    `typed` is True for a part the student typed (a short or number answer, a typed gap), where a
    form the accepted list lacks may still be right.
    """

    key: str
    correct: bool
    given: object = None
    expected: object = None
    typed: bool = False


@dataclass
class Grade:
    score: float
    parts: list[Part] = field(default_factory=list)

    @property
    def correct(self):
        return self.score >= 1.0


class Problems(list):
    def add(self, path, message):
        self.append(Problem(tuple(path), message))


def is_text(value):
    return isinstance(value, str) and value.strip() != ""


def check_text(data, name, problems, *, required=True):
    if name not in data:
        if required:
            problems.add((name,), _("“%(field)s” is missing.") % {"field": name})
        return False
    if not is_text(data[name]):
        problems.add((name,), _("“%(field)s” must be non-empty text.") % {"field": name})
        return False
    return True


def check_list(data, name, problems, *, minimum=1, maximum=None):
    value = data.get(name)
    if name not in data:
        problems.add((name,), _("“%(field)s” is missing.") % {"field": name})
        return False
    if not isinstance(value, list):
        problems.add((name,), _("“%(field)s” must be a list.") % {"field": name})
        return False
    if len(value) < minimum or (maximum is not None and len(value) > maximum):
        if maximum is None:
            msg = _("“%(field)s” needs at least %(min)d entries, it has %(n)d.")
        else:
            msg = _("“%(field)s” needs %(min)d to %(max)d entries, it has %(n)d.")
        problems.add((name,), msg % {"field": name, "min": minimum, "max": maximum, "n": len(value)})
        return False
    return True


def check_entries(data, name, fields, problems, *, minimum=1, maximum=None, optional=()):
    """Checks a list of mappings that each carry a unique `key`; returns the keys in order."""
    if not check_list(data, name, problems, minimum=minimum, maximum=maximum):
        return []
    keys = []
    for i, entry in enumerate(data[name]):
        path = (name, i)
        if not isinstance(entry, dict):
            problems.add(path, _("Each entry of “%(field)s” must be a mapping.") % {"field": name})
            continue
        for extra in sorted(set(entry) - set(fields) - set(optional) - {"key"}):
            problems.add(path + (extra,), _("Unknown key “%(key)s”.") % {"key": extra})
        key = entry.get("key")
        if not isinstance(key, str) or not KEY_RE.match(key):
            problems.add(
                path + ("key",),
                _("“key” must be a short lowercase slug such as “a” or “treaty-1992”."),
            )
        elif key in keys:
            problems.add(path + ("key",), _("The key “%(key)s” is used twice.") % {"key": key})
        else:
            keys.append(key)
        for f in fields:
            check_text(entry, f, _Prefixed(problems, path))
    return keys


class _Prefixed:
    """Lets a check written for one mapping report paths inside a larger one."""

    def __init__(self, problems, prefix):
        self.problems, self.prefix = problems, tuple(prefix)

    def add(self, path, message):
        self.problems.add(self.prefix + tuple(path), message)


def prefixed(problems, prefix):
    return _Prefixed(problems, prefix)


def check_unknown(data, allowed, problems):
    for extra in sorted(set(data) - set(allowed)):
        problems.add((extra,), _("Unknown key “%(key)s”.") % {"key": extra})


# What the editor's form calls each part of a question, for a problem located by its YAML path:
# a list's rows by their number, a field by its label (a type may name its own in `editor_labels`).
ROW_LABELS = {
    "sources": gettext_lazy("Source %(n)d"),
    "options": gettext_lazy("Option %(n)d"),
    "items": gettext_lazy("Item %(n)d"),
    "pairs": gettext_lazy("Pair %(n)d"),
    "gaps": gettext_lazy("Gap %(n)d"),
    "answers": gettext_lazy("Answer %(n)d"),
}
FIELD_LABELS = {
    "id": gettext_lazy("Key"),
    "type": gettext_lazy("Type"),
    "prompt": gettext_lazy("Prompt"),
    "explanation": gettext_lazy("Explanation"),
    "tags": gettext_lazy("Tags"),
    "sources": gettext_lazy("Sources"),
    "doc": gettext_lazy("Article"),
    "quote": gettext_lazy("Quote"),
    "key": gettext_lazy("Key"),
    "text": gettext_lazy("Text"),
    "left": gettext_lazy("Left"),
    "right": gettext_lazy("Matches"),
    "variants": gettext_lazy("Also accepted"),
    "strict": gettext_lazy("Exact spelling"),
    "options": gettext_lazy("Options"),
    "items": gettext_lazy("Items"),
    "pairs": gettext_lazy("Pairs"),
    "gaps": gettext_lazy("Gaps"),
    "answers": gettext_lazy("Accepted answers"),
    "answer": gettext_lazy("The answer"),
    "back": gettext_lazy("Back of the card"),
    "tolerance": gettext_lazy("Tolerance"),
    "image": gettext_lazy("Image"),
}


class QuestionType:
    """One kind of question: owns its data's shape, its grading and its templates.

    `fields` lists the type's own keys in the order they are exported; a response is
    stored as keys (option, item, pair or gap keys), never positions or display text.

    The page never carries those keys: each name or value it uses is `opaque_key(seed, "<role>:<key>")`
    with a role per use ("option", "item", "row", "right", "gap", "gap:<gap key>"), so that a
    match row's select and its own right-hand option are not named alike.
    """

    name = ""
    label = ""
    fields: tuple = ()
    optional: tuple = ()
    # A self-graded type is rated by the student (1 Again .. 4 Easy), and `grade` takes that rating.
    self_graded = False
    # Whether a timed quiz asks it: a quiz grades without asking the student to rate themselves.
    in_quizzes = True
    # Whether it is studied on the schedule: a type only a grader can mark is asked in quizzes only.
    in_study = True
    # Marked by a grader rather than by `grade` (an essay): it has no right answer.
    graded_by_hand = False
    # The longest text of a submitted form kept to show the answer again on a reload.
    kept_length = 500
    # Learn mode asks a typed question first among choices made from other questions' answers of
    # its kind (`learn_fields`), never one its matcher accepts (`learn_accepts`), then typed.
    learn_typed = False

    def learn_fields(self, data) -> dict:
        """Each field typed from memory and its answer as the page shows it ({} for a type that
        keeps its own form in Learn)."""
        return {}

    def learn_accepts(self, data, field, text) -> bool:
        """Whether the question's own matcher would take `text` in `field` as right, or could (a
        text it half accepts is no fair wrong choice either)."""
        return False

    def learn_near(self, data, rng) -> list:
        """More wrong choices of the type's own making, for a set with few questions of its kind."""
        return []

    def needs_grader(self, response) -> bool:
        """Whether this saved response waits for a grader's mark (an essay's text), rather than
        being graded by `grade`."""
        return False

    @property
    def template(self):
        return f"quizzes/questions/{self.name}.html"

    def validate(self, data, problems):
        raise NotImplementedError

    def canonical(self, data):
        """The stored and exported form of valid data: only known keys, in a fixed order."""
        return {f: data[f] for f in self.fields + self.optional if f in data}

    def grade(self, data, response) -> Grade:
        raise NotImplementedError

    def correct_response(self, data):
        raise NotImplementedError

    def chosen_feedback(self, data, response) -> list:
        """What the author wrote about the options the student chose (`[{text, feedback}]`), for the
        checked side only: the question side never carries it."""
        return []

    def response_from_form(self, data, form, seed: int):
        """Reads a response, in author keys, from submitted form values (a mapping of name to list
        of strings) named and valued with `opaque_key(seed, ...)`; raises InvalidResponse when it
        cannot be graded."""
        raise NotImplementedError

    def describe_response(self, data, response) -> str:
        """A stored response (in author keys) as the student saw it, for a teacher's report: option
        texts, gap labels, items and pairs by their texts, never a key. `data` is the version the
        student was shown; a key it lacks is shown as it is."""
        if response is None:
            return ""
        return response.strip() if isinstance(response, str) else json.dumps(response, ensure_ascii=False)

    def display(self, data, seed: int) -> dict:
        """What the question side of the card shows (shuffled with random.Random(seed) where order
        gives the answer away): texts and opaque names, never an answer or a key the page prints."""
        return {}

    # The editor. `editor_lists` names the lists of rows an author adds and removes in place,
    # each with the blank row added; the form is `editor_template`. `editor_labels` names the
    # type's fields as its form does, where FIELD_LABELS' words would not.
    editor_lists: dict = {}
    editor_labels: dict = {}

    def field_label(self, path) -> str:
        """The label of the form's field a problem's path names, as the author reads it
        («Source 2 — Quote»), never the YAML path; "" for the question as a whole."""
        labels = {**FIELD_LABELS, **self.editor_labels}
        parts = []
        for i, part in enumerate(path):
            if isinstance(part, int):
                row = ROW_LABELS.get(path[i - 1]) if i else None
                label = str(row % {"n": part + 1}) if row else str(part + 1)
                if parts:
                    parts[-1] = label
                else:
                    parts.append(label)
            else:
                parts.append(str(labels.get(part, part)))
        # A row's own text is the row itself: «Option 2», not «Option 2 — Text».
        if len(parts) > 1 and path[-1] == "text" and isinstance(path[-2], int):
            parts.pop()
        return " — ".join(parts)

    @property
    def editor_template(self):
        return f"quizzes/questions/edit_{self.name}.html"

    def editor_fields(self, data) -> dict:
        """What the type's editor form shows for `data` (the type's fields as stored, or as read
        back from a form, possibly invalid or empty for a new question)."""
        return dict(data)

    def data_from_answer(self, answer):
        """The type's fields for a question whose one answer is the text `answer`, as quick entry
        reads a line "prompt<TAB>answer"; None for a type that needs more than one answer."""
        return None

    def data_from_editor(self, form) -> dict:
        """The type's fields, keyed as in the YAML, from the editor's form (a mapping of name to
        list of strings); not validated: the importer's checks run on the result."""
        raise NotImplementedError


# The editor: each type reads its own rows back from the form (Moodle's edit_<type>_form).
MAX_EDITOR_ROWS = 40
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def editor_rows(form, prefix, names):
    """The rows an editor form posts as `<prefix>-<i>-<name>`, in order, without those whose
    `remove` box is ticked; each has its fields stripped, `marked` (its `right` box, for a row
    of `names` without one) and `index` (i)."""
    rows = []
    for i in range(MAX_EDITOR_ROWS):
        if not any(f"{prefix}-{i}-{name}" in form for name in names):
            break
        if first_value(form, f"{prefix}-{i}-remove"):
            continue
        row = {name: first_value(form, f"{prefix}-{i}-{name}").strip() for name in names}
        row["marked"] = bool(first_value(form, f"{prefix}-{i}-right"))
        row["index"] = i
        rows.append(row)
    return rows


def with_keys(rows):
    """Gives each row without a key (a row just added) the first free letter, as authors name options."""
    used = {row["key"] for row in rows if row.get("key")}
    free = (k for k in [*_LETTERS, *(f"k{n}" for n in range(27, 27 + MAX_EDITOR_ROWS))] if k not in used)
    for row in rows:
        if not row.get("key"):
            row["key"] = next(free)
    return rows


def lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


# A question's prompt, and a choice option, may show a picture of its set, named by its uuid.
IMAGE_FIELD = "image"


def check_image(entry, problems, path=()):
    """An `image` must name a picture by its uuid (the set's own is checked where it is saved)."""
    value = entry.get(IMAGE_FIELD)
    if not isinstance(value, str) or not is_image_ref(value):
        problems.add((*path, IMAGE_FIELD), _("“image” must be the id of one of the set's images."))


def is_image_ref(value) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except (ValueError, TypeError, AttributeError):
        return False
