"""Around every request: the person's language and time zone, refusing NUL bytes, and one log line
(a refused request's too: one line, never a traceback)."""

import logging
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponseBadRequest, HttpResponsePermanentRedirect
from django.utils import timezone, translation

from . import scheduling, zones
from .moved import SetMoved

request_log = logging.getLogger("quizzes.requests")

# Set by static/quizzes/zone.js from the browser's own time zone (Intl), read here once.
BROWSER_ZONE_COOKIE = "browser_zone"


class UserLanguageMiddleware:
    """After authentication: a user's saved language wins over the browser's guess, and their time
    zone, until they choose one, is taken once from the browser's.

    The language cookie is what Django's LocaleMiddleware reads; when it disagrees with the
    language saved on the account (a new device, a fresh login), this activates the saved one for
    the request and sets the cookie so later requests need nothing from here.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.known = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if not user.time_zone_chosen:
                _take_browser_zone(user, request.COOKIES.get(BROWSER_ZONE_COOKIE))
            # Dates and times read in the person's own time zone, as their study day does.
            timezone.activate(scheduling.local_zone(user.time_zone))
        try:
            return self._with_language(request, user)
        finally:
            timezone.deactivate()

    def _with_language(self, request, user):
        wanted = None
        signed_in = user is not None and user.is_authenticated and user.language in self.known
        if signed_in and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != user.language:
            wanted = user.language
            translation.activate(wanted)
            request.LANGUAGE_CODE = wanted
        response = self.get_response(request)
        if wanted:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                wanted,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response


def _take_browser_zone(user, sent):
    """Saves the browser's zone (its canonical name, if it names one of the list) as the person's
    choice; the conditional update keeps a zone chosen meanwhile in the settings."""
    zone = zones.canonical(sent)
    if zone is None:
        return
    saved = (
        get_user_model()
        .objects.filter(pk=user.pk, time_zone_chosen=False)
        .update(time_zone=zone, time_zone_chosen=True)
    )
    if saved:
        user.time_zone, user.time_zone_chosen = zone, True


class RefuseNulBytesMiddleware:
    """A NUL byte in any submitted field or query value is refused with 400 before a view runs.

    No text a person types contains one, and PostgreSQL refuses to store it: letting it through
    would turn a typo-free attack into a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            return HttpResponseBadRequest("A submitted value contains a NUL byte.")
        return self.get_response(request)


def _has_nul(query):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())


class RequestLogMiddleware:
    """One log line per request: method, path, status and server time, for the operator's eye and grep.

    First in the chain, so the time includes every other middleware and a refused request is logged too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            request_log.info(
                "%s %s %s %.1fms",
                request.method,
                request.path,
                status,
                (time.perf_counter() - started) * 1000,
            )


class OneLineForRefusals(logging.Filter):
    """A request refused with a 4xx (BadRequest, SuspiciousOperation) is logged in one line, without its
    traceback: the traceback is the client's mistake, not the code's, and a flood of them hides real errors."""

    def filter(self, record):
        refused = getattr(record, "status_code", 500) < 500 or record.name.startswith("django.security.")
        if refused and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True


class SetMovedMiddleware:
    """A page read at a set's old slug (access.SetMoved) answers with a permanent redirect to the
    same page at its new slug."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SetMoved):
            return HttpResponsePermanentRedirect(exception.url)
        return None
