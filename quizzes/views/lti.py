"""The LMS side of the tool: the keyset, the one address a platform logs in and launches through,
the deep-linking picker it shows, and staff's registration of platforms and rotation of keys.

Only `lti_launch` skips CSRF: the platform posts to it from its own site, and pylti1p3 checks its
state (a cookie set at login) and nonce instead. Its pages are framed only for the launching
platform, and only where staff allowed it (deep linking, which LMSs show in a frame, always is);
every other page stays DENY."""

import secrets
from urllib.parse import urlsplit

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pylti1p3.contrib.django import DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.exception import LtiException, OIDCException

from ..access import staff_required
from ..forms import LtiPlatformForm
from ..lti import config, deep_linking, keys, launch
from ..models import LtiPlatform

# pylti1p3 leaves `exp` optional; a launch without an expiry (or issue time) is refused.
VERIFY = {"verify_aud": False, "require": ["exp", "iat"]}
OPEN_SECONDS = 300


@require_GET
def lti_jwks(request):
    """The tool's public keys, current and retired-but-not-expired, for platforms to check our signatures."""
    return JsonResponse(keys.jwks(timezone.now()))


def _origin(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def _framed(response, platform, *extra_urls):
    """Lets only this platform frame the response (and post its forms back to it)."""
    origins = sorted({o for o in map(_origin, [platform.issuer, platform.auth_login_url, *extra_urls]) if o})
    response = csp_replace({"frame-ancestors": origins, "form-action": [SELF, *origins]})(lambda: response)()
    return xframe_options_exempt(lambda: response)()


def _refused(request, message, status=400):
    return render(request, "quizzes/lti/refused.html", {"message": message}, status=status)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def lti_launch(request):
    """OIDC login initiation (GET or POST with `iss` and `login_hint`), then the launch (POST with `id_token`)."""
    if request.method == "POST" and "id_token" in request.POST:
        return _launch(request)
    params = request.POST if request.method == "POST" else request.GET
    if params.get("iss") and params.get("login_hint"):
        return _login(request)
    return _refused(request, _("This address is for launches from a school's LMS."))


def _login(request):
    config.forget_expired(timezone.now())
    oidc = DjangoOIDCLogin(request, config.DatabaseToolConf(), launch_data_storage=config.DatabaseLaunchStorage())
    try:
        return oidc.redirect(request.build_absolute_uri(reverse("lti_launch")))
    except (OIDCException, LtiException):
        return _refused(request, _("This LMS is not registered here. Ask the site's staff to register it."))


def _launch(request):
    now = timezone.now()
    storage = config.DatabaseLaunchStorage()
    message = DjangoMessageLaunch(request, config.DatabaseToolConf(), launch_data_storage=storage)
    message.set_jwt_verify_options(dict(VERIFY))
    try:
        claims = message.get_launch_data()
    except (LtiException, ValueError, TypeError, KeyError, AttributeError):
        return _refused(request, _("The launch could not be verified. Open the tool again from your course."))
    platform = config.find_platform(claims.get("iss"), message.get_client_id())
    if platform is None:
        return _refused(request, _("This LMS is not registered here. Ask the site's staff to register it."))
    try:
        with transaction.atomic():
            launched = launch.accept(platform, claims, now)
    except launch.LaunchRefused as refused:
        return _refused(request, refused.message, status=403)
    if launched.deep_linking:
        return _deep_linking(request, message, platform, claims, launched, now)
    destination = _destination(launched)
    presentation = claims.get(launch.PRESENTATION) if isinstance(claims.get(launch.PRESENTATION), dict) else {}
    if platform.allow_framing and presentation.get("document_target") in ("iframe", "frame"):
        # Our cookies are SameSite=Lax, so a framed page cannot sign in: it opens the app in a new window.
        token = secrets.token_urlsafe(32)
        config.DatabaseLaunchStorage().set_value(
            f"open-{token}", {"user": launched.user_id, "next": destination}, OPEN_SECONDS
        )
        context = {"open_url": reverse("lti_open", args=[token]), "removed": launched.removed}
        return _framed(render(request, "quizzes/lti/launched.html", context), platform)
    _sign_in(request, launched.user_id)
    if launched.removed:
        return _refused(request, _("Your instructor removed you from this class. Ask them to add you back."), 403)
    return redirect(destination, permanent=False)


def _sign_in(request, user_id):
    login(request, get_user_model().objects.get(pk=user_id), backend="django.contrib.auth.backends.ModelBackend")


def _destination(launched):
    if launched.target and launched.target[0] == "quiz":
        return reverse("quiz_detail", args=[launched.target[1]])
    if launched.target:
        return reverse("set_detail", args=[launched.target[1]])
    if launched.klass_id and launched.role == launch.INSTRUCTOR:
        return reverse("class_detail", args=[launched.klass_id])
    return reverse("dashboard")


def _deep_linking(request, message, platform, claims, launched, now):
    if launched.role != launch.INSTRUCTOR:
        return _refused(request, _("Only instructors place the tool's quizzes and sets in a course."), 403)
    dl_settings = claims.get(launch.DEEP_LINKING) or {}
    return_url = str(dl_settings.get("deep_link_return_url") or "")
    if not _origin(return_url):
        return _refused(request, _("The LMS sent no address to return the chosen item to."))
    user = get_user_model().objects.get(pk=launched.user_id)
    found = deep_linking.choices(
        user, platform, claims[launch.DEPLOYMENT], dl_settings, request.build_absolute_uri(reverse("lti_launch")), now
    )
    context = {"choices": found, "return_url": return_url}
    return _framed(render(request, "quizzes/lti/deep_link.html", context), platform, return_url)


@require_GET
def lti_open(request, token):
    """A framed launch's "open in a new window": signs the person in once, then forgets the link."""
    if len(token) > 100:
        raise Http404
    found = config.DatabaseLaunchStorage().take(f"open-{token}")
    if not found:
        raise Http404
    _sign_in(request, found["user"])
    return redirect(found["next"])


@staff_required
def lti_platforms(request):
    now = timezone.now()
    context = {
        "platforms": LtiPlatform.objects.all(),
        "keys": keys.published(now),
        "current": keys.current_key(now),
        "tool": {
            "launch": request.build_absolute_uri(reverse("lti_launch")),
            "jwks": request.build_absolute_uri(reverse("lti_jwks")),
        },
    }
    return render(request, "quizzes/lti/platforms.html", context)


@staff_required
def lti_platform_create(request):
    return _platform_form(request, LtiPlatform())


@staff_required
def lti_platform_edit(request, pk):
    return _platform_form(request, get_object_or_404(LtiPlatform, pk=pk))


def _platform_form(request, platform):
    form = LtiPlatformForm(request.POST or None, instance=platform)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The LMS is registered."))
        return redirect("lti_platforms")
    return render(request, "quizzes/lti/platform_form.html", {"form": form, "platform": platform})


@staff_required
@require_POST
def lti_keys_rotate(request):
    keys.current_key(timezone.now())
    keys.rotate(timezone.now())
    messages.success(request, _("A new key signs from now on; the old one stays published until it expires."))
    return redirect("lti_platforms")
