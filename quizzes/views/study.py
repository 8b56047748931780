"""The study screen: one card at a time, checked, rated and undone, with or without htmx."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import scheduling, study
from ..models import PendingAnswer, ProblemReport
from ..questions import get_type
from ..sets import answer_notes, visible_set

RATING_LABELS = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def _set(request, slug):
    qset = visible_set(request.user, slug)
    if qset is None:
        raise Http404("No such set.")
    return qset


def _session_key(qset):
    return f"study-since-{qset.pk}"


def _urls(qset):
    """The card area's links, reversed once per card rather than once per form."""
    urls = {"study": reverse("study", args=[qset.slug])}
    for action in ("check", "rate", "undo", "suspend", "report"):
        urls[action] = reverse(f"study_{action}", args=[qset.slug])
    return urls


def _card_context(request, qset, pending, now):
    """Everything the card area shows for one pending answer, whatever stage it is at."""
    context = {"set": qset, "urls": _urls(qset), "pending": pending, "report_reasons": ProblemReport.Reason.choices}
    if pending is None:
        since = request.session.get(_session_key(qset))
        start = timezone.datetime.fromisoformat(since) if since else now
        context["summary"] = study.summary(request.user, qset, start, now)
        return context
    qtype = get_type(pending.version.type)
    context.update(
        qtype=qtype,
        template=qtype.template,
        prompt=pending.version.prompt,
        shown=study.display(pending),
        data=pending.version.data,
    )
    if pending.checked_at is not None:
        notes = answer_notes(qset, pending.question_id)
        allowed = () if pending.rated_at else scheduling.allowed_ratings(pending.score or 0, qtype.self_graded)
        context.update(
            checked=True,
            grade=None if qtype.self_graded else qtype.grade(pending.version.data, pending.response),
            explanation=notes["explanation"],
            sources=notes["sources"],
            ratings=[
                {
                    "value": r,
                    "name": RATING_LABELS[r],
                    "interval": scheduling.interval_label(pending.outcomes[str(r)]["seconds"]),
                    "default": r == scheduling.GOOD,
                }
                for r in allowed
            ],
        )
    return context


def _render_card(request, qset, pending, now, queue=None, part="card"):
    context = _card_context(request, qset, pending, now)
    # The counts change only when a card is rated; an htmx answer side keeps those already shown
    # (they are their own element, refreshed out of band with the next card).
    answer_side = pending is not None and (pending.rated_at is not None or pending.checked_at is not None)
    if not answer_side or (not request.htmx and pending.rated_at is None):
        context["queue"] = queue or study.build_queue(request.user, qset, now)
        context["counts"] = context["queue"].counts
    template = f"quizzes/study.html#{part}" if request.htmx else "quizzes/study.html"
    return render(request, template, context)


@login_required
def study_page(request, slug):
    qset = _set(request, slug)
    now = timezone.now()
    request.session.setdefault(_session_key(qset), now.isoformat())
    token = request.GET.get("result")
    if token:
        pending = get_object_or_404(PendingAnswer.objects.select_related("version"), token=token, student=request.user)
        if pending.rated_at is None or pending.checked_at is not None:
            return _render_card(request, qset, pending, now)
    pending, queue = study.next_card(request.user, qset, now, ahead=request.GET.get("ahead") == "1")
    return _render_card(request, qset, pending, now, queue)


def _set_of(pending, slug):
    # The card was shown to this student from this set, which is permission enough to answer it.
    qset = pending.question_set
    if qset.slug != slug:
        raise Http404("This card belongs to another set.")
    return qset


@login_required
@require_POST
def check(request, slug):
    now = timezone.now()
    try:
        pending = study.check(request.user, request.POST.get("token"), dict(request.POST.lists()), now)
    except (PendingAnswer.DoesNotExist, ValueError, ValidationError):
        return HttpResponseBadRequest("Unknown card.")
    qset = _set_of(pending, slug)
    if not request.htmx:
        return redirect(f"{reverse('study', args=[qset.slug])}?result={pending.token}")
    # Only the answer area changes: the prompt and the card's tools stay as they are.
    return _render_card(request, qset, pending, now, part="answer")


@login_required
@require_POST
def rate(request, slug):
    now = timezone.now()
    try:
        rating = int(request.POST.get("rating", ""))
        # Only a card shown to this student from this set can be rated here.
        study.rate(request.user, request.POST.get("token"), rating, now, set_slug=slug)
    except (PendingAnswer.DoesNotExist, ValueError, ValidationError):
        return HttpResponseBadRequest("Unknown card or rating.")
    except study.RatingRefused as exc:
        return HttpResponseBadRequest(str(exc))
    if not request.htmx:
        return redirect("study", slug)
    # The next card comes in its own request, so each request stays small and fast.
    return render(request, "quizzes/study.html#next", {"slug": slug})


@login_required
@require_POST
def undo(request, slug):
    qset = _set(request, slug)
    now = timezone.now()
    pending = study.undo_last(request.user, qset, now)
    if not request.htmx:
        return redirect("study", qset.slug)
    if pending is None:
        return render(request, "quizzes/study.html#next", {"slug": qset.slug})
    return _render_card(request, qset, pending, now)


@login_required
@require_POST
def suspend(request, slug):
    qset = _set(request, slug)
    pending = get_object_or_404(PendingAnswer, token=request.POST.get("token"), student=request.user)
    now = timezone.now()
    study.suspend(request.user, pending.question, now)
    if not request.htmx:
        return redirect("study", qset.slug)
    return render(request, "quizzes/study.html#next", {"slug": qset.slug})


@login_required
@require_POST
def report(request, slug):
    qset = _set(request, slug)
    pending = get_object_or_404(
        PendingAnswer.objects.select_related("question", "version"),
        token=request.POST.get("token"),
        student=request.user,
    )
    reason = request.POST.get("reason")
    if reason not in ProblemReport.Reason.values:
        return HttpResponseBadRequest("Unknown reason.")
    study.report_problem(request.user, pending.question, reason, request.POST.get("comment", ""))
    now = timezone.now()
    if not request.htmx:
        return redirect(f"{reverse('study', args=[qset.slug])}?result={pending.token}&reported=1")
    context = _card_context(request, qset, pending, now)
    context["reported"] = True
    return render(request, "quizzes/study.html#card", context)


@login_required
@require_POST
def restart(request, slug):
    qset = _set(request, slug)
    request.session[_session_key(qset)] = timezone.now().isoformat()
    return redirect("study", qset.slug)
