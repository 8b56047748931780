"""The study screen: one card at a time, checked, rated and undone, with or without htmx.

Every action first finds the set within what the student may see and the shown card within that
set (404), refuses a malformed request (400), and only then writes.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access, scheduling, throttles
from ..bank import problems, writing
from ..bank.sets import answer_notes
from ..models import PendingAnswer, ProblemReport
from ..questions import get_type
from ..questions.base import InvalidResponse
from ..study import answering, cards, progress
from ..study import undo as undoing
from ..study.queue import build_queue
from .throttled import refuse

RATING_LABELS = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def _token(values):
    """The one token among submitted values, as a UUID; BadRequest (400) before any query if not."""
    try:
        return cards.parse_token(values)
    except cards.BadToken as exc:
        raise BadRequest(str(exc)) from None


def _session_start(request, qset, now):
    since = request.session.get(_session_key(qset))
    try:
        return timezone.datetime.fromisoformat(since) if since else now
    except (TypeError, ValueError):
        return now


def _session_key(qset):
    return f"study-since-{qset.pk}"


def _urls(qset):
    """The card area's links, reversed once per card rather than once per form."""
    urls = {"study": reverse("study", args=[qset.slug])}
    for action in ("check", "dont_know", "rate", "override", "undo", "suspend", "report"):
        urls[action] = reverse(f"study_{action}", args=[qset.slug])
    return urls


def _card_context(request, qset, shown, now, notice=None):
    """Everything the card area shows for one shown card, whatever stage it is at."""
    context = {
        "set": qset,
        "urls": _urls(qset),
        "pending": shown,
        "report_reasons": ProblemReport.Reason.choices,
        "notice": notice,
    }
    if shown is None:
        context["summary"] = progress.summary(request.user, qset, _session_start(request, qset, now), now)
        return context
    qtype = get_type(shown.version.type)
    context.update(
        qtype=qtype,
        template=qtype.template,
        prompt=shown.version.prompt,
        shown=cards.display(shown),
        data=shown.version.data,
    )
    if shown.checked_at is not None:
        notes = answer_notes(qset, shown.question_id)
        grade = answering.grade(shown)
        allowed = () if shown.rated_at else scheduling.allowed_ratings(shown.score or 0, qtype.self_graded)
        recorded = None
        if shown.overridden_at is not None:
            recorded = {"rating": scheduling.GOOD, "seconds": shown.outcomes[str(scheduling.GOOD)]["seconds"]}
        elif (auto := answering.auto_rating(shown)) is not None:
            recorded = {"rating": auto, "seconds": shown.outcomes[str(auto)]["seconds"]}
        if recorded:
            recorded["interval"] = scheduling.interval_label(recorded["seconds"])
        context.update(
            checked=True,
            changed_since_shown=not writing.shown_version_is_current(qset, shown),
            grade=grade,
            recorded=recorded,
            may_override=answering.may_override(shown, grade),
            option_feedback=qtype.chosen_feedback(shown.version.data, shown.response),
            explanation=notes["explanation"],
            sources=notes["sources"],
            ratings=[
                {
                    "value": r,
                    "name": RATING_LABELS[r],
                    "interval": scheduling.interval_label(shown.outcomes[str(r)]["seconds"]),
                    "default": r == scheduling.GOOD,
                }
                for r in allowed
            ],
        )
    return context


def _render_card(request, qset, shown, now, queue=None, part="card", notice=None, status=200):
    context = _card_context(request, qset, shown, now, notice)
    # The counts change only when a card is rated; an htmx answer side keeps those already shown
    # (they are their own element, refreshed out of band with the next card).
    answer_side = shown is not None and shown.checked_at is not None
    if not answer_side or not request.htmx:
        context["queue"] = queue or build_queue(request.user, qset, now)
        context["counts"] = context["queue"].counts
    template = f"quizzes/study.html#{part}" if request.htmx else "quizzes/study.html"
    return render(request, template, context, status=status)


def _next_card(request, qset, now, notice=None):
    """The student's next card, as an htmx fragment, or a redirect to the study page."""
    if not request.htmx:
        if notice:
            messages.info(request, notice)
        return redirect("study", qset.slug)
    shown, queue = cards.open_next(request.user, qset, now)
    return _render_card(request, qset, shown, now, queue, notice=notice)


CLOSED = _("That card is no longer open: it was answered, undone or set aside in another tab. Here is the next one.")


@login_required
def study_page(request, slug):
    qset = access.set_to_see(request, slug)
    now = timezone.now()
    request.session.setdefault(_session_key(qset), now.isoformat())
    if "result" in request.GET:
        try:
            shown = cards.find_shown(request.user, qset, _token(request.GET.getlist("result")))
        except (PendingAnswer.DoesNotExist, cards.CardClosed):
            raise Http404("No such card.") from None
        except BadRequest as exc:
            return HttpResponseBadRequest(str(exc))
        if shown.checked_at is not None:
            return _render_card(request, qset, shown, now)
    shown, queue = cards.open_next(request.user, qset, now, ahead=request.GET.get("ahead") == "1")
    return _render_card(request, qset, shown, now, queue)


def _answered(request, qset, shown, now):
    if not request.htmx:
        return redirect(f"{reverse('study', args=[qset.slug])}?result={shown.token}")
    # Only the answer area changes: the prompt and the card's tools stay as they are.
    return _render_card(request, qset, shown, now, part="answer")


def card_action(view):
    """A POST about one shown card: the set the student may see and the card's token are resolved
    first (404 for a card that is not theirs in this set, 400 for a malformed token), nothing is
    written before that, and a card closed meanwhile gets a message with the next card."""

    @login_required
    @require_POST
    @wraps(view)
    def wrapped(request, slug):
        qset = access.set_to_see(request, slug)
        now = timezone.now()
        try:
            return view(request, qset, _token(request.POST.getlist("token")), now)
        except PendingAnswer.DoesNotExist:
            raise Http404("No such card.") from None
        except cards.CardClosed:
            return _next_card(request, qset, now, CLOSED)
        except (BadRequest, answering.RatingRefused) as exc:
            # A plain 400: a refused request is logged in one line, not with a traceback.
            return HttpResponseBadRequest(str(exc))

    return wrapped


@card_action
def check(request, qset, token, now):
    try:
        shown = answering.check(request.user, qset, token, dict(request.POST.lists()), now)
    except InvalidResponse as exc:
        return _refused_answer(request, qset, token, now, exc.message)
    return _answered(request, qset, shown, now)


def _refused_answer(request, qset, token, now, message):
    """The card again, unanswered, with what is wrong with the response: nothing was recorded."""
    if not request.htmx:
        messages.error(request, message)
        return redirect("study", qset.slug)
    shown = cards.find_shown(request.user, qset, token)
    context = _card_context(request, qset, shown, now)
    context["answer_error"] = message
    return render(request, "quizzes/study.html#answer", context, status=422)


@card_action
def dont_know(request, qset, token, now):
    return _answered(request, qset, answering.dont_know(request.user, qset, token, now), now)


@card_action
def rate(request, qset, token, now):
    rating = request.POST.get("rating", "")
    if rating not in ("1", "2", "3", "4"):
        raise BadRequest("Unknown rating.")
    answering.rate(request.user, qset, token, int(rating), now)
    # With htmx the next card comes in the same response: one round trip per rating.
    return _next_card(request, qset, now)


@card_action
def override(request, qset, token, now):
    try:
        shown = answering.override(request.user, qset, token, now)
    except answering.OverrideRefused:
        return _next_card(request, qset, now, _("“I was right” can no longer be recorded for that card."))
    return _answered(request, qset, shown, now)


@login_required
@require_POST
def undo(request, slug):
    qset = access.set_to_see(request, slug)
    now = timezone.now()
    try:
        shown = undoing.undo_last(request.user, qset, now, since=_session_start(request, qset, now))
    except undoing.UndoRefused:
        notice = _("Rate the answer you have checked first: undo would throw it away.")
        if not request.htmx:
            messages.info(request, notice)
            return redirect("study", qset.slug)
        return _render_card(request, qset, cards.open_shown_card(request.user, qset), now, notice=notice)
    if shown is None:
        return _next_card(request, qset, now, _("Nothing to undo in this session."))
    if not request.htmx:
        return redirect("study", qset.slug)
    return _render_card(request, qset, shown, now)


@card_action
def suspend(request, qset, token, now):
    undoing.suspend(request.user, cards.find_shown(request.user, qset, token), now)
    return _next_card(request, qset, now, _("The card is set aside; restore it from the set's page."))


@card_action
def report(request, qset, token, now):
    reason = request.POST.get("reason")
    if reason not in ProblemReport.Reason.values:
        raise BadRequest("Unknown reason.")
    comment = request.POST.get("comment", "")
    if len(comment) > 1000:
        raise BadRequest("The comment is too long.")
    shown = cards.find_shown(request.user, qset, token)
    if not throttles.allow("problem_report", f"{request.user.pk}:{shown.question_id}"):
        refused = _("You have already reported this card several times today; your instructor will see those reports.")
        if request.htmx:
            return _render_card(request, qset, shown, now, notice=refused, status=429)
        return refuse(request, refused, reverse("study", args=[qset.slug]))
    problems.report_problem(request.user, shown.question_id, reason, comment)
    notice = _("Thank you: your instructor will see the report.")
    if not request.htmx:
        messages.success(request, notice)
        if shown.checked_at is not None:
            return redirect(f"{reverse('study', args=[qset.slug])}?result={shown.token}")
        return redirect("study", qset.slug)
    return _render_card(request, qset, shown, now, notice=notice)


@login_required
@require_POST
def restart(request, slug):
    qset = access.set_to_see(request, slug)
    request.session[_session_key(qset)] = timezone.now().isoformat()
    return redirect("study", qset.slug)
