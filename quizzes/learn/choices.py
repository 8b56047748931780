"""The choices a Learn question starts with: for a typed question (short answer, number, a cloze's
typed gaps, a flashcard's back), its own answer among answers of other questions of the same kind
in the set; a generated choice is never one the question's own matcher would accept."""

import random

from django.core.cache import cache

from .. import arabic
from ..bank.sets import study_order
from ..models import QuestionVersion
from ..questions import TYPES, get_type

DISTRACTORS = 3


def typed_kinds():
    """The types Learn asks among choices before they are typed (or, for a self-graded type,
    recalled): short answers, numbers, typed gaps, flashcards."""
    return [name for name, qtype in TYPES.items() if qtype.learn_typed]


def fields(qtype_name, data) -> dict:
    """Each typed field of a question and its answer as the page shows it: `response` for a short
    answer, a number or a flashcard's back, `gap:<key>` for each typed gap of a cloze."""
    return get_type(qtype_name).learn_fields(data)


def accepts(qtype_name, data, field, text) -> bool:
    """Whether the question's own matcher would take `text` in `field` as right (or could: a number
    that reads two ways is no fair distractor either), with the grading code the type grades with."""
    return get_type(qtype_name).learn_accepts(data, field, text)


def pool(qset) -> dict:
    """The answers of the set's typed questions by kind ({type: [(question id, text)]}), cached
    until the set's content changes, so showing a question reads no question but its own."""
    key = f"learn-pool:{qset.pk}:{qset.content_revision}"
    found = cache.get(key)
    if found is None:
        kinds = typed_kinds()
        found = {kind: [] for kind in kinds}
        versions = QuestionVersion.objects.filter(pk__in=list(study_order(qset).values()), type__in=kinds)
        for version in versions.order_by("pk").only("question_id", "type", "data"):
            for text in fields(version.type, version.data).values():
                found[version.type].append((version.question_id, text))
        cache.set(key, found, 3600)
    return found


def make(question_id, qtype_name, data, answers, seed) -> dict:
    """{field: choices} for each typed field that has distractors (the right text among up to
    three others, shuffled by `seed`); a field with none stays typed. `answers` is `pool(qset)`."""
    rng = random.Random(seed)
    made = {}
    for field, right in fields(qtype_name, data).items():
        candidates = [text for qid, text in answers.get(qtype_name, []) if qid != question_id]
        candidates += [text for f, text in fields(qtype_name, data).items() if f != field]
        rng.shuffle(candidates)
        candidates += get_type(qtype_name).learn_near(data, rng)
        picked, seen = [], {arabic.normalize(right)}
        for text in candidates:
            form = arabic.normalize(text)
            if form in seen or accepts(qtype_name, data, field, text):
                continue
            seen.add(form)
            picked.append(text)
            if len(picked) == DISTRACTORS:
                break
        if picked:
            shown = [right, *picked]
            rng.shuffle(shown)
            made[field] = shown
    return made
