"""The site's URLs: the app's own, authentication, the admin and the language switcher."""

from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path

from quizzes.forms import LoginForm
from quizzes.views.accounts import ThrottledPasswordResetView, set_language

urlpatterns = [
    path("", include("quizzes.urls")),
    path("accounts/login/", LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/password_reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
