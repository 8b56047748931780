"""The landing page, the student's dashboard and a set's page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import study
from ..models import CardState, QuestionSet
from ..progress import progress_by_set
from ..sets import visible_sets


def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    public = QuestionSet.objects.filter(is_public=True).order_by("title")
    return render(request, "quizzes/home.html", {"sets": public})


@login_required
def dashboard(request):
    sets = list(visible_sets(request.user))
    progress = progress_by_set(request.user, sets, timezone.now())
    rows = [(s, progress[s.pk]) for s in sets]
    return render(request, "quizzes/dashboard.html", {"rows": rows})


@login_required
def set_detail(request, slug):
    qset = get_object_or_404(visible_sets(request.user), slug=slug)
    progress = progress_by_set(request.user, [qset], timezone.now())[qset.pk]
    suspended = (
        CardState.objects.filter(student=request.user, question__question_set=qset, suspended_at__isnull=False)
        .select_related("question")
        .order_by("question__position")
    )
    return render(request, "quizzes/set_detail.html", {"set": qset, "progress": progress, "suspended": suspended})


@login_required
@require_POST
def restore_card(request, slug):
    qset = get_object_or_404(visible_sets(request.user, annotate=False), slug=slug)
    question = get_object_or_404(qset.questions, key=request.POST.get("question"))
    study.restore(request.user, question)
    return redirect("set_detail", qset.slug)
