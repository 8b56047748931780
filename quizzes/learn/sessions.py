"""A Learn session's course: which question comes next (rounds of seven, a missed question later
in the session), how each answer moves its question (choices, then typing; right twice to be
mastered) and the one conditional write that records it. Nothing here touches the schedule:
no Review, card, tally or pending answer is read or written."""

import copy
import random
import uuid
from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import gettext

from ..bank.sets import study_order
from ..bank.sets import version as cached_version
from ..models import LearnSession, Question
from ..questions import InvalidResponse, check, get_type, opaque_key
from . import choices

ROUND = 7
RIGHT_TO_MASTER = 2
# A question's stages: recognised among choices, then recalled (typed, or a flashcard's back
# revealed and judged), or answered in its own form for a type with nothing to type.
CHOICES, RECALL, OWN = "choices", "recall", "own"


class ForeignToken(ValueError):
    """The token is not the shown question's nor the last answered one's in this session (400)."""


class Conflict(Exception):
    """The session changed since it was read (another tab, a double click): read it again."""


@dataclass
class Answered:
    """What an answer did: the question as shown, the response in author keys, whether it was right."""

    shown: dict
    response: object
    correct: bool
    score: float
    again: bool = False  # the same answer sent twice: shown again, counted once


def start(student, qset, tag_names, now) -> LearnSession:
    """A new session over the set's live questions (those with any of `tag_names`, when given):
    essays are left out and counted, since only a grader marks them."""
    order = study_order(qset)
    chosen = Question.objects.filter(question_set=qset, retired_at__isnull=True)
    if tag_names:
        chosen = chosen.filter(tags__name__in=tag_names).distinct()
    rows = list(chosen.values_list("id", "type"))
    ids = {qid for qid, _type in rows}
    types = dict(rows)
    questions = [qid for qid in order if qid in ids]
    skipped = sum(1 for qid, qtype in rows if qid not in order and not get_type(qtype).in_study)
    state = {
        "questions": {
            str(qid): {"stage": CHOICES if get_type(types[qid]).learn_typed else OWN, "right": 0} for qid in questions
        },
        "order": questions,
        "round": [],
        "round_number": 0,
        "shown": None,
        "last": None,
        "answered": 0,
    }
    return LearnSession.objects.create(
        student=student,
        question_set=qset,
        tags=sorted(tag_names),
        state=state,
        total=len(questions),
        skipped=skipped,
        started_at=now,
    )


def progress(session) -> dict:
    """How far the session has come: each right answer is a step, two per question."""
    questions = session.state["questions"].values()
    return {
        "value": sum(min(q["right"], RIGHT_TO_MASTER) for q in questions),
        "max": RIGHT_TO_MASTER * len(questions),
        "mastered": sum(q["right"] >= RIGHT_TO_MASTER for q in questions),
        "total": len(questions),
        "round": session.state["round_number"],
    }


def current(session, qset, now):
    """The question shown now (opening the next one if none is), or None once every question is
    mastered (the session is then finished)."""
    for _attempt in range(3):
        if session.state["shown"] is not None or session.finished_at is not None:
            return session.state["shown"]
        state = _copy(session.state)
        shown = _show_next(state, qset)
        try:
            _save(session, state, now, finished=shown is None)
        except Conflict:
            session.refresh_from_db()
            continue
        return shown
    raise RuntimeError("The next Learn question could not be opened.")


def _show_next(state, qset):
    order = study_order(qset)
    while True:
        if not state["round"]:
            left = [q for q in state["order"] if _left(state, q)]
            if not left:
                return None
            state["round"] = left[:ROUND]
            state["round_number"] += 1
        qid = state["round"].pop(0)
        if qid not in order:
            # Retired since the session began: it is no longer asked.
            state["questions"][str(qid)]["gone"] = True
            continue
        if not _left(state, qid):
            continue
        break
    version = cached_version(order[qid])
    seed = random.randrange(2**31)
    stage = state["questions"][str(qid)]["stage"]
    made = {}
    if stage == CHOICES:
        made = choices.make(qid, version.type, version.data, choices.pool(qset), seed)
        if not made:
            # Nothing to choose among (no other answer of its kind): it is typed at once.
            stage = RECALL
    state["shown"] = {
        "token": str(uuid.uuid4()),
        "question": qid,
        "version": version.pk,
        "seed": seed,
        "stage": stage,
        "choices": made,
        "revealed": False,
    }
    return state["shown"]


def _left(state, qid):
    entry = state["questions"][str(qid)]
    return not entry.get("gone") and entry["right"] < RIGHT_TO_MASTER


def choice_value(seed, field, index):
    """The opaque value of a generated choice on the page: nothing in it says which one is right."""
    return opaque_key(seed, f"learn:{field}:{index}")


def field_name(seed, field):
    """The form name of a typed field, as the type's own form names it."""
    return "response" if field == "response" else opaque_key(seed, field)


def answer(session, qset, token, form, now) -> Answered:
    """Grades an answer to the shown question and moves it on, counted once however often it is
    sent. Raises ForeignToken for any other token, InvalidResponse for an answer that cannot be
    graded (nothing is recorded), and returns None for a flashcard's back just revealed."""
    for _attempt in range(3):
        state = session.state
        last = state.get("last")
        if last and last["token"] == str(token):
            return Answered(last["shown"], last["response"], last["correct"], last["score"], again=True)
        shown = state.get("shown")
        if not shown or shown["token"] != str(token):
            raise ForeignToken("This question is not open in this session.")
        version = cached_version(shown["version"])
        new = _copy(state)
        if get_type(version.type).self_graded and shown["stage"] == RECALL:
            judged = form.get("knew", [""])[0] if isinstance(form.get("knew"), list) else ""
            if judged not in ("0", "1"):
                if shown["revealed"]:
                    return None
                new["shown"]["revealed"] = True
                try:
                    _save(session, new, now)
                except Conflict:
                    session.refresh_from_db()
                    continue
                return None
            if not shown["revealed"]:
                raise InvalidResponse(gettext("Show the answer first."))
            response, score = judged == "1", 1.0 if judged == "1" else 0.0
        else:
            response, score = _graded(version, shown, form)
        correct = score >= 1.0
        _move(new, shown, correct)
        new["shown"] = None
        new["answered"] = new.get("answered", 0) + 1
        new["last"] = {
            "token": shown["token"],
            "shown": shown,
            "response": response,
            "correct": correct,
            "score": score,
        }
        try:
            _save(session, new, now)
        except Conflict:
            session.refresh_from_db()
            continue
        return Answered(shown, response, correct, score)
    raise Conflict()


def _graded(version, shown, form):
    """The response (in author keys, or the chosen text) and its score, by the type's own grading."""
    if shown["stage"] == CHOICES:
        form = _chosen_as_typed(shown, form)
    if get_type(version.type).self_graded:
        # Chosen among the back and backs of other flashcards: right when it is the back.
        text = form.get("response", [""])[0]
        return text, 1.0 if text == choices.fields(version.type, version.data).get("response") else 0.0
    checked = check(version.type, version.data, shown["seed"], form)
    return checked.response, checked.score


def _chosen_as_typed(shown, form):
    """The form with each chosen choice's opaque value replaced by its text, as if typed."""
    form = dict(form)
    for field, texts in shown["choices"].items():
        name = field_name(shown["seed"], field)
        sent = form.get(name)
        sent = sent[0] if isinstance(sent, list) and len(sent) == 1 else None
        values = {choice_value(shown["seed"], field, i): text for i, text in enumerate(texts)}
        if sent not in values:
            raise InvalidResponse(_choose())
        form[name] = [values[sent]]
    return form


def _choose():
    return gettext("Choose one of the answers.")


def _move(state, shown, correct):
    """A right answer counts toward mastery and moves a recognised question on to recall; every
    answered question goes to the back of the line, so a missed one comes back later."""
    entry = state["questions"][str(shown["question"])]
    if correct:
        entry["right"] += 1
        if shown["stage"] in (CHOICES, RECALL) and entry["stage"] == CHOICES:
            entry["stage"] = RECALL
    qid = shown["question"]
    state["order"] = [q for q in state["order"] if q != qid] + [qid]


def _copy(state):
    return copy.deepcopy(state)


def _save(session, state, now, *, finished=False):
    """Writes the new state only if nobody wrote since this session was read (a conditional UPDATE)."""
    mastered = sum(q["right"] >= RIGHT_TO_MASTER for q in state["questions"].values())
    finished_at = now if finished else None
    updated = LearnSession.objects.filter(pk=session.pk, version=session.version).update(
        state=state, version=F("version") + 1, mastered=mastered, finished_at=finished_at
    )
    if not updated:
        raise Conflict()
    session.state, session.version, session.mastered, session.finished_at = (
        state,
        session.version + 1,
        mastered,
        finished_at,
    )


def sessions_of(student, qset=None, limit=20):
    """The student's Learn sessions, newest first, with their sets (for the report and the set)."""
    found = LearnSession.objects.filter(student=student).select_related("question_set")
    if qset is not None:
        found = found.filter(question_set=qset)
    return list(
        found.only(
            "uuid",
            "question_set__slug",
            "question_set__title",
            "total",
            "mastered",
            "skipped",
            "started_at",
            "finished_at",
        )[:limit]
    )
