"""Signing up and a person's own settings; login, logout and passwords are Django's own views
(the password reset one throttled)."""

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .. import throttles
from ..forms import SettingsForm, SignupForm
from .throttled import refuse


def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Accounts per client address, enough for a class of 40 signing up in one lesson.
        if not throttles.allow("signup_client", throttles.client_address(request)):
            message = _("Too many new accounts from this network. Try again in an hour, or ask your instructor.")
            return refuse(request, message)
        user = form.save(commit=False)
        user.language = translation.get_language() or ""
        user.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("dashboard")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def settings_page(request):
    form = SettingsForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your settings were saved."))
        response = redirect("settings")
        if user.language:
            response.set_cookie(django_settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response
    return render(request, "quizzes/settings.html", {"form": form})


@require_POST
def set_language(request):
    """Django's language switcher, which also saves the choice on the account of a signed-in person."""
    response = django_set_language(request)
    language = request.POST.get("language")
    known = language in dict(django_settings.LANGUAGES)
    if request.user.is_authenticated and known and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


class ThrottledPasswordResetView(PasswordResetView):
    """Django's reset view, sending at most a few mails per address and per client in an hour."""

    def form_valid(self, form):
        address = throttles.mail_key(form.cleaned_data["email"])
        # Both counted, whichever refuses: a client cycling addresses and an address asked from many clients.
        by_address = throttles.allow("password_reset_address", address)
        by_client = throttles.allow("password_reset_client", throttles.client_address(self.request))
        if not (by_address and by_client):
            message = _(
                "Too many password reset requests. Check your inbox (and spam folder) for the mails "
                "already sent, or try again in an hour."
            )
            return refuse(self.request, message)
        return super().form_valid(form)
