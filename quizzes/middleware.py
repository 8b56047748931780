"""The interface language a signed-in person chose follows them to every browser they log in from."""

from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """After authentication: a user's saved language wins over the browser's guess.

    The language cookie is what Django's LocaleMiddleware reads; when it disagrees with the
    language saved on the account (a new device, a fresh login), this activates the saved one for
    the request and sets the cookie so later requests need nothing from here.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.known = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
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
