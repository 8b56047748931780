"""The landing page, the student's dashboard and a set's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access
from ..attempts.quizzes import open_for_student
from ..bank import own_sets, problems
from ..bank.sets import visible_sets
from ..models import CardState, QuestionSet
from ..questions import ID_RE
from ..reports.student import assignments
from ..study import answering
from ..study.progress import progress_by_set
from ..study.undo import restore


def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    public = QuestionSet.objects.filter(is_public=True).order_by("title")
    return render(request, "quizzes/home.html", {"sets": public})


@login_required
def dashboard(request):
    now = timezone.now()
    sets = list(visible_sets(request.user))
    progress = progress_by_set(request.user, sets, now)
    rows = [(s, progress[s.pk]) for s in sets]
    # The assigned sets are among the visible ones: their cards studied are already counted.
    studied = {set_id: p.reviewed for set_id, p in progress.items()}
    context = {
        "rows": rows,
        "assigned": assignments(request.user, now, studied),
        "quizzes": open_for_student(request.user, now),
    }
    if own_sets.may_own_sets(request.user):
        # The student's own sets, to make, edit, study and share; already in `sets`, so no query.
        context["own"] = [s for s in sets if s.personal and s.owner_id == request.user.pk]
        context["limits"] = own_sets.limits()
    return render(request, "quizzes/dashboard.html", context)


@login_required
def set_link(request, set_id):
    """The link to a set that outlives a rename (/s/<uuid>/): its page, for whoever may see it."""
    return redirect("set_detail", access.set_by_id(request, set_id).slug)


@login_required
def set_detail(request, slug):
    qset = access.set_to_see(request, slug, counted=True)
    progress = progress_by_set(request.user, [qset], timezone.now())[qset.pk]
    suspended = (
        CardState.objects.filter(student=request.user, question__question_set=qset, suspended_at__isnull=False)
        .select_related("question")
        .order_by("question__position")
    )
    open_reports = problems.open_report_count(qset) if access.may_edit(request.user, qset) else None
    return render(
        request,
        "quizzes/set_detail.html",
        {"set": qset, "progress": progress, "suspended": suspended, "open_reports": open_reports},
    )


@login_required
@require_POST
def restore_card(request, slug):
    qset = access.set_to_see(request, slug)
    question = get_object_or_404(qset.questions, key=request.POST.get("question"))
    restore(request.user, question)
    return redirect("set_detail", qset.slug)


@login_required
def set_problems(request, slug):
    # Whoever may edit the set reads what students reported.
    qset = access.set_to_edit(request, slug)
    show_resolved = request.GET.get("show") == "resolved"
    rows = problems.reports_for_set(qset, resolved=show_resolved)
    overrides = problems.overrides_for_set(qset)
    context = {"set": qset, "rows": rows, "show_resolved": show_resolved, "overrides": overrides}
    return render(request, "quizzes/set_problems.html", context)


@login_required
@require_POST
def judge_override(request, slug):
    """Whoever may edit the set confirms or rejects a student's "I was right"."""
    qset = access.set_to_edit(request, slug)
    review_id, decision = request.POST.get("review", ""), request.POST.get("decision", "")
    if not (review_id.isdigit() and len(review_id) < 12) or decision not in ("confirm", "reject"):
        return HttpResponseBadRequest(_("Choose “confirm” or “reject” for one of the set's claims."))
    if answering.judge_override(qset, int(review_id), decision == "confirm", timezone.now()):
        if decision == "confirm":
            messages.success(request, _("The claim is confirmed: the answer counts as right."))
        else:
            messages.success(request, _("The claim is rejected: reports count the answer as graded."))
    return redirect(_back(request, "set_problems", qset.slug))


def _back(request, name, *args):
    """Where a form posted from the teacher's home returns: there, or to the set's page."""
    return reverse("teaching_home") if request.POST.get("next") == "teaching" else reverse(name, args=args)


@login_required
@require_POST
def resolve_problem(request, slug):
    qset = access.set_to_edit(request, slug)
    report_id = request.POST.get("report", "")
    if report_id.isdigit() and len(report_id) < 12 and problems.resolve(qset, int(report_id)):
        messages.success(request, _("The report is marked resolved."))
    # Resolved from the question's editor: back there.
    key = request.POST.get("question", "")
    if ID_RE.match(key) and qset.questions.filter(key=key).exists():
        return redirect("question_edit", qset.slug, key)
    return redirect(_back(request, "set_problems", qset.slug))
