"""The choices a Learn question starts with: for a typed question (short answer, number, a cloze's
typed gaps, a flashcard's back), its own answer among answers of other questions of the same kind
in the set; a generated choice is never one the question's own matcher would accept."""

import random
from decimal import Decimal

from django.core.cache import cache

from .. import arabic
from ..bank.sets import study_order
from ..models import QuestionVersion
from ..questions import InvalidResponse, get_type
from ..questions.textual import answer_verdict, canonical_answers

# The types typed from memory once recognised among choices (a flashcard's back is recognised,
# then recalled and judged by the student, since Learn cannot grade a paraphrase of a sentence).
TYPED = ("short", "number", "cloze", "flashcard")
DISTRACTORS = 3


def fields(qtype_name, data) -> dict:
    """Each typed field of a question and its answer as the page shows it: `response` for a short
    answer, a number or a flashcard's back, `gap:<key>` for each typed gap of a cloze."""
    if qtype_name == "short":
        return {"response": canonical_answers(data["answers"])[0]["text"]}
    if qtype_name == "number":
        return {"response": _number_text(data["answer"])}
    if qtype_name == "flashcard":
        return {"response": data["back"]}
    if qtype_name == "cloze":
        return {
            f"gap:{gap['key']}": canonical_answers(gap["answers"])[0]["text"]
            for gap in data["gaps"]
            if "answers" in gap
        }
    return {}


def accepts(qtype_name, data, field, text) -> bool:
    """Whether the question's own matcher would take `text` in `field` as right (or could: a number
    that reads two ways is no fair distractor either), with the grading code the type grades with."""
    if qtype_name == "short":
        return answer_verdict(text, data["answers"]) != "wrong"
    if qtype_name == "number":
        qtype = get_type("number")
        try:
            response = qtype.response_from_form(data, {"response": [text]}, 0)
        except InvalidResponse:
            return True
        return qtype.grade(data, response).correct
    if qtype_name == "flashcard":
        # A flashcard's back is matched as a short answer with that one accepted answer.
        return answer_verdict(text, [data["back"]]) != "wrong"
    if qtype_name == "cloze":
        key = field.removeprefix("gap:")
        gap = next(g for g in data["gaps"] if g["key"] == key)
        return answer_verdict(text, gap["answers"]) != "wrong"
    return False


def pool(qset) -> dict:
    """The answers of the set's typed questions by kind ({type: [(question id, text)]}), cached
    until the set's content changes, so showing a question reads no question but its own."""
    key = f"learn-pool:{qset.pk}:{qset.content_revision}"
    found = cache.get(key)
    if found is None:
        found = {kind: [] for kind in TYPED}
        versions = QuestionVersion.objects.filter(pk__in=list(study_order(qset).values()), type__in=TYPED)
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
        if qtype_name == "number":
            candidates += _near_numbers(data["answer"], rng)
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


def _number_text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _near_numbers(answer, rng):
    """Numbers near the answer (other years, other counts), for a set with few number questions."""
    if isinstance(answer, int) or float(answer).is_integer():
        steps = [1, 2, 3, 4, 5, 10, 20]
        rng.shuffle(steps)
        return [str(int(answer) + step * rng.choice((-1, 1))) for step in steps]
    value = Decimal(str(answer))
    return [_number_text(float(value * Decimal(f))) for f in ("0.5", "0.8", "1.25", "1.5", "2")]
