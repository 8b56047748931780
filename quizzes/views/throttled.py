"""The page a throttled request gets: status 429 with a message saying what to do, not an error page."""

from django.shortcuts import render


def refuse(request, message, back_url=None):
    return render(request, "quizzes/throttled.html", {"message": message, "back_url": back_url}, status=429)
