"""What the menu needs on every page: whether the person teaches, kept in their session so a page
costs no query for it (the instructors group is a join). Renewed wherever it can change."""

from .models import INSTRUCTORS_GROUP

TEACHES_KEY = "menu-teaches"


def menu(request):
    """`teaches`: whether the menu shows Authoring and Teaching (an instructor, or staff)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"teaches": False}
    session = getattr(request, "session", None)
    kept = session.get(TEACHES_KEY) if session is not None else user.is_instructor
    if kept is None:
        kept = renew_teaches(request)
    # The staff flag is on the user row every request reads already: never stale.
    return {"teaches": kept or user.is_staff}


def renew_teaches(request, user=None):
    """Reads whether the person is an instructor afresh and keeps it in their session: called when
    it may have changed (an invitation accepted, a launch from the LMS as an instructor) and when
    a session starts (logging in starts a new one)."""
    user = user or request.user
    value = user.is_superuser or user.groups.filter(name=INSTRUCTORS_GROUP).exists()
    request.session[TEACHES_KEY] = value
    return value


def on_login(sender, request, user, **kwargs):
    if request is not None:
        renew_teaches(request, user)
