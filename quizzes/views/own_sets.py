"""A student's own sets: the links that share one (made, listed, revoked), a classmate opening a
link to get a copy, and deleting a set. Creating and editing one go through the editor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from .. import access
from ..bank import own_sets
from ..bank.editing import SetRefused

NEW_LINK = "new_set_link"


@login_required
def set_links(request, slug):
    """The set's links, and a new one made (POST): its address is shown once, right after."""
    qset = access.own_set(request, slug)
    if request.method == "POST":
        try:
            token = own_sets.create_link(qset, timezone.now())
        except SetRefused as exc:
            messages.error(request, str(exc))
        else:
            request.session[NEW_LINK] = request.build_absolute_uri(reverse("shared_set", args=[token]))
        return redirect("set_links", qset.slug)
    context = {
        "set": qset,
        "links": own_sets.links_of(qset),
        "new_link": request.session.pop(NEW_LINK, None),
        "limits": own_sets.limits(),
    }
    return render(request, "quizzes/own_sets/links.html", context)


@login_required
@require_POST
def set_link_revoke(request, slug, pk):
    qset = access.own_set(request, slug)
    if own_sets.revoke_link(qset, pk, timezone.now()):
        messages.success(request, _("The link is revoked: it no longer gives a copy. Copies made already stay."))
    else:
        messages.error(request, _("That link was revoked already."))
    return redirect("set_links", qset.slug)


@login_required
@require_POST
def own_set_delete(request, slug):
    """Deletes a student's own set, once they confirm it on its settings page."""
    qset = access.own_set(request, slug)
    if request.POST.get("confirm") != "delete":
        messages.error(request, _("Tick the box to confirm that the set and your progress in it go for good."))
        return redirect("set_settings", qset.slug)
    title = qset.title
    own_sets.delete_own_set(qset)
    messages.success(request, _("“%(title)s” is deleted.") % {"title": title})
    return redirect(f"{reverse('dashboard')}#own-sets")


REFUSALS = {
    "malformed": (404, gettext_noop("This link does not work. Check that it was copied whole.")),
    "unknown": (404, gettext_noop("This link does not work. Check that it was copied whole.")),
    "revoked": (410, gettext_noop("This link was withdrawn by the student who shared it. Ask them for a new one.")),
    "own": (400, gettext_noop("This is your own set: share the link with a classmate.")),
    "not_student": (
        403,
        gettext_noop("A student's own set is copied by students only: instructors and staff do not see it."),
    ),
    "full": (400, None),
    "busy": (409, gettext_noop("Another set took the name a moment ago: open the link again.")),
}


def _refused(request, reason):
    status, message = REFUSALS[reason]
    refusal = own_sets.full_message() if reason == "full" else _(message)
    return render(request, "quizzes/own_sets/shared.html", {"refusal": refusal}, status=status)


@login_required
def shared_set(request, token):
    """A classmate's link: what it shares (GET writes nothing), and a copy of their own (POST)."""
    try:
        link = access.link_to_copy(request, token)
        if request.method == "POST":
            qset, made = own_sets.accept(token, request.user)
            if made:
                messages.success(request, _("The set is yours now: study it, change it, keep it."))
            else:
                messages.info(request, _("You copied this set already: here is your copy."))
            return redirect("set_detail", qset.slug)
    except own_sets.LinkRefused as refused:
        return _refused(request, refused.reason)
    original = link.question_set
    context = {
        "set": original,
        "count": original.questions.filter(retired_at__isnull=True).count(),
        "copy": own_sets.copy_of(request.user, original),
    }
    return render(request, "quizzes/own_sets/shared.html", context)
