"""A source's article, for a student who has checked an answer to read its quote in context."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .. import access
from ..bank.sets import answer_notes
from ..bank.sources import find_source, locate_quote, passages
from ..models import PendingAnswer
from ..study import cards


@login_required
def source_page(request, slug, key):
    qset = access.set_to_see(request, slug)
    source = find_source(qset, key)
    if source is None or not source.text:
        raise Http404("No such article.")
    quote = _checked_quote(request, qset, source.key)
    span = locate_quote(source.text, quote) if quote else None
    context = {
        "set": qset,
        "source": source,
        "paragraphs": passages(source.text, span),
        "quoted": quote is not None,
        "found": span is not None,
        "back": _back_to_card(request, qset),
    }
    return render(request, "quizzes/source.html", context)


def _checked_quote(request, qset, key):
    """The quote to highlight: the `quote`-th source of the card shown with `token`, once the
    student has checked it (before, the quote could give the answer away); None when there is none."""
    if "token" not in request.GET and "quote" not in request.GET:
        return None
    index = request.GET.getlist("quote")
    if len(index) != 1 or not index[0].isascii() or not index[0].isdigit() or len(index[0]) > 4:
        raise BadRequest("Send one quote number.")
    try:
        token = cards.parse_token(request.GET.getlist("token"))
        shown = cards.find_shown(request.user, qset, token)
    except cards.BadToken as exc:
        raise BadRequest(str(exc)) from None
    except PendingAnswer.DoesNotExist:
        raise Http404("No such card.") from None
    except cards.CardClosed:
        return None
    if shown.checked_at is None:
        return None
    sources = answer_notes(qset, shown.question_id)["sources"]
    index = int(index[0])
    if index >= len(sources) or sources[index]["key"] != key:
        return None
    return sources[index]["quote"]


def _back_to_card(request, qset):
    """Where "Back to studying" leads: the card the student came from (`next`, a page of this site
    with the card's anchor), or the set's study page."""
    nexts = request.GET.getlist("next")
    if len(nexts) == 1 and url_has_allowed_host_and_scheme(
        nexts[0], allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return nexts[0]
    return reverse("study", args=[qset.slug])
