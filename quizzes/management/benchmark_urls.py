"""URLs for `manage.py benchmark`: the app's own plus a bare view that sets the floor."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path


@login_required
def floor(request):
    return render(request, "quizzes/benchmark_floor.html")


urlpatterns = [
    path("benchmark/floor/", floor, name="benchmark_floor"),
    path("", include("quizsite.urls")),
]
