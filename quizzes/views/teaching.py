"""The teacher's home (what needs attention) and the invitations that make instructors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from .. import invitations
from ..access import instructor_required, staff_required
from ..context_processors import renew_teaches
from ..forms import InvitationForm
from ..reports import attention

NEW_LINK = "new_invitation_link"


@instructor_required
def teaching_home(request):
    found = attention.build(request.user, timezone.now(), request.user.time_zone)
    return render(request, "quizzes/teaching/home.html", {"attention": found})


@staff_required
def invitation_list(request):
    now = timezone.now()
    context = {
        "rows": invitations.listing(now),
        "form": InvitationForm(),
        # The link of the invitation just made, shown once: only its hash is kept.
        "new_link": request.session.pop(NEW_LINK, None),
        "days": invitations.LIFETIME.days,
    }
    return render(request, "quizzes/teaching/invitations.html", context)


@staff_required
@require_POST
def invitation_create(request):
    form = InvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A note is at most 200 characters."))
        return redirect("invitation_list")
    _invitation, token = invitations.create(request.user, form.cleaned_data["note"], timezone.now())
    request.session[NEW_LINK] = request.build_absolute_uri(reverse("invitation_accept", args=[token]))
    return redirect("invitation_list")


@staff_required
@require_POST
def invitation_revoke(request, pk):
    if invitations.revoke(pk, timezone.now()):
        messages.success(request, _("The invitation is revoked: its link no longer works."))
    else:
        messages.error(request, _("That invitation was used or revoked already."))
    return redirect("invitation_list")


REFUSALS = {
    "malformed": (404, gettext_noop("This invitation link is not valid. Check that it was copied whole.")),
    "unknown": (404, gettext_noop("This invitation link is not valid. Check that it was copied whole.")),
    "expired": (400, gettext_noop("This invitation has expired. Ask for a new one.")),
    "revoked": (400, gettext_noop("This invitation was withdrawn. Ask for a new one.")),
    "used": (400, gettext_noop("This invitation was used already. Ask for a new one.")),
    "already": (400, gettext_noop("You are an instructor already: keep the invitation for a colleague.")),
}


def _refused(request, reason):
    status, message = REFUSALS[reason]
    return render(request, "quizzes/teaching/invitation_accept.html", {"refusal": _(message)}, status=status)


@login_required
def invitation_accept(request, token):
    now = timezone.now()
    if request.method == "POST":
        try:
            invitations.accept(token, request.user, now)
        except invitations.InvitationRefused as refused:
            return _refused(request, refused.reason)
        renew_teaches(request)
        messages.success(request, _("You are now an instructor."))
        return redirect("teaching_home")
    try:
        invitation = invitations.find(token, now)
    except invitations.InvitationRefused as refused:
        return _refused(request, refused.reason)
    if invitations.is_instructor(request.user):
        return _refused(request, "already")
    return render(request, "quizzes/teaching/invitation_accept.html", {"invitation": invitation})
