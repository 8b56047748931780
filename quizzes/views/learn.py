"""Learn mode: a session over a set, question after question, until each is answered right twice.

Every action first finds the set within what the student may see and the session among their
own (404), refuses a malformed token or one this session never showed (400), and only then writes.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from .. import access
from ..bank.sets import answer_notes
from ..bank.sets import version as cached_version
from ..learn import choices, sessions
from ..models import Tag
from ..questions import InvalidResponse, get_type
from ..study import cards


@login_required
@require_http_methods(["GET", "POST"])
def learn_start(request, slug):
    qset = access.set_to_see(request, slug)
    tags = list(Tag.objects.filter(questions__question_set=qset, questions__retired_at__isnull=True).distinct())
    if request.method == "POST":
        chosen = request.POST.getlist("tag")
        known = {tag.name for tag in tags}
        if len(chosen) > len(known) or not set(chosen) <= known:
            return HttpResponseBadRequest("Unknown tag.")
        session = sessions.start(request.user, qset, chosen, timezone.now())
        return redirect("learn_session", qset.slug, session.uuid)
    context = {"set": qset, "tags": tags, "past": sessions.sessions_of(request.user, qset, limit=5)}
    return render(request, "quizzes/learn/start.html", context)


@login_required
def learn_session(request, slug, session_id):
    qset = access.set_to_see(request, slug)
    session = access.learn_session(request, qset, session_id)
    shown = sessions.current(session, qset, timezone.now())
    return render(request, "quizzes/learn/session.html", _context(qset, session, shown))


@login_required
@require_POST
def learn_answer(request, slug, session_id):
    qset = access.set_to_see(request, slug)
    session = access.learn_session(request, qset, session_id)
    try:
        token = cards.parse_token(request.POST.getlist("token"))
    except cards.BadToken as exc:
        return HttpResponseBadRequest(str(exc))
    now = timezone.now()
    try:
        answered = sessions.answer(session, qset, token, dict(request.POST.lists()), now)
    except sessions.ForeignToken as exc:
        return HttpResponseBadRequest(str(exc))
    except InvalidResponse as exc:
        context = _context(qset, session, session.state["shown"])
        context["answer_error"] = exc.message
        return render(request, "quizzes/learn/session.html", context, status=422)
    if answered is None:
        # A flashcard's back, revealed: the student says whether they knew it.
        return render(request, "quizzes/learn/session.html", _context(qset, session, session.state["shown"]))
    context = _context(qset, session, None)
    context.update(_result(qset, answered))
    return render(request, "quizzes/learn/session.html", context)


def _context(qset, session, shown):
    context = {"set": qset, "session": session, "progress": sessions.progress(session), "shown_question": None}
    if shown is None:
        return context
    version = cached_version(shown["version"])
    qtype = get_type(version.type)
    display = qtype.display(version.data, shown["seed"])
    context.update(
        shown_question=shown,
        qtype=qtype,
        version=version,
        data=version.data,
        prompt=version.prompt,
        shown=display,
        template=qtype.template,
        choice_lists=_choice_lists(shown),
        recall_flashcard=qtype.self_graded and shown["stage"] != sessions.CHOICES,
    )
    if "pieces" in display and shown["choices"]:
        context["cloze_pieces"] = _cloze_pieces(display, shown)
    return context


def _choice_lists(shown):
    """Each field's generated choices with their opaque values, as the page shows them."""
    return {
        field: {
            "name": sessions.field_name(shown["seed"], field),
            "choices": [
                {"value": sessions.choice_value(shown["seed"], field, i), "text": text, "number": i + 1}
                for i, text in enumerate(texts)
            ],
        }
        for field, texts in shown["choices"].items()
    }


def _cloze_pieces(display, shown):
    """The cloze's pieces, each typed gap that has choices carrying them."""
    lists = _choice_lists(shown)
    pieces = []
    for piece in display["pieces"]:
        gap = piece.get("gap")
        if gap and f"gap:{gap['key']}" in lists:
            gap = {**gap, "generated": lists[f"gap:{gap['key']}"]["choices"]}
            piece = {"gap": gap}
        pieces.append(piece)
    return pieces


def _result(qset, answered):
    """What the answer side shows: the verdict, the question checked with the type's own template,
    and the explanation."""
    shown = answered.shown
    version = cached_version(shown["version"])
    qtype = get_type(version.type)
    grade = None if qtype.self_graded else qtype.grade(version.data, answered.response)
    return {
        "answered": answered,
        "answered_type": qtype,
        "answered_template": qtype.template,
        "answered_prompt": version.prompt,
        "answered_data": version.data,
        "answered_shown": qtype.display(version.data, shown["seed"]),
        "answered_grade": grade,
        "answered_pending": {"response": answered.response},
        "expected": choices.fields(version.type, version.data).get("response"),
        "explanation": answer_notes(qset, shown["question"])["explanation"],
    }
