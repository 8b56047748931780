"""Progress reports: a student's own, an instructor's class, a student of the class, item analysis,
a quiz's overview."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access, background, classes, reports, tasks
from ..access import instructor_required
from ..models import Assignment, CardState, FitRequest, QuestionSet, Quiz
from ..reports import items, quiz_attempts, quiz_overview
from ..reports import klass as class_reports
from ..reports import student as student_reports
from ..routers import reads_for_reports
from ..spreadsheets import to_csv
from ..study import schedule as fitted_schedule


def _csv(request, tables, prefix):
    """The table named by ?csv= as a CSV download, or None for the page itself."""
    name = request.GET.get("csv")
    if name is None:
        return None
    table = tables.get(name)
    if table is None:
        raise Http404("No such table.")
    response = HttpResponse(to_csv(table.headers, table.rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{prefix}-{name}.csv"'
    return response


def _calculated(request, template, key, build_context):
    """The report's tables, drawn once and kept a few minutes, as Moodle keeps its quiz statistics
    ("calculated at …, recalculate now"): a class report of hundreds of rows costs more to draw than
    an instructor's every visit should. ?recalculate draws it anew. Returns (html, calculated_at)."""
    key = ":".join(
        ["report", *map(str, key), translation.get_language(), request.user.time_zone, settings.REPORTS_REVISION]
    )
    kept = None if "recalculate" in request.GET else cache.get(key)
    if kept is None:
        html = render_to_string(f"{template}#body", build_context(), request=request)
        kept = (html, timezone.now())
        cache.set(key, kept, settings.REPORT_CACHE_SECONDS)
    return kept


def _all_tables(report):
    return {**report.tables, **{name: chart.table for name, chart in report.charts.items()}}


def _studied_sets(student):
    """The sets a student has cards in or has been assigned, with their live question counts.

    A student always sees their own progress in a set they studied, even if it was since
    unassigned or made private; nothing of the set but its title and counts is shown."""
    studied = CardState.objects.filter(student=student).values("question__question_set_id")
    assigned = Assignment.objects.filter(
        klass__memberships__student=student, klass__memberships__removed_at__isnull=True
    ).values("question_set_id")
    found = QuestionSet.objects.filter(Q(pk__in=studied) | Q(pk__in=assigned))
    found = found.annotate(question_count=Count("questions", filter=Q(questions__retired_at__isnull=True)))
    return list(student_reports.with_due_dates(found, student).order_by("title"))


def _assigned_sets(klass, student):
    """The class's sets, each with its due date for this student (the earliest among their classes)."""
    found = QuestionSet.objects.filter(assignments__klass=klass).annotate(
        question_count=Count("questions", filter=Q(questions__retired_at__isnull=True), distinct=True)
    )
    return list(student_reports.with_due_dates(found, student).order_by("title"))


PENDING = (FitRequest.State.QUEUED, FitRequest.State.RUNNING)


def _fit_context(student):
    fit_request, fitted = fitted_schedule.fit_state(student)
    return {
        "fit_request": fit_request,
        "fit_pending": fit_request is not None and fit_request.state in PENDING,
        "fitted": fitted,
        "fit_in_use": student.fsrs_parameters is not None,
        "fit_min": fitted_schedule.FIT_MIN_REVIEWS,
        "fit_max": fitted_schedule.FIT_MAX_REVIEWS,
        "held_out_share": round(fitted_schedule.HELD_OUT_SHARE * 100),
    }


@login_required
def my_report(request):
    student = request.user
    if request.htmx and "fit" in request.GET:
        # The fit's state, asked again every few seconds while it is queued or running.
        return render(request, "quizzes/reports/student.html#fit", _fit_context(student))
    now = timezone.now()
    report = student_reports.build(student, _studied_sets(student), now, rtl=translation.get_language_bidi())
    quiz_rows = reports.quiz_rows([student.pk], now)
    report.tables["quizzes"] = quiz_attempts.quiz_table(quiz_rows, own=True)
    download = _csv(request, _all_tables(report), "progress")
    if download:
        return download
    context = {
        "report": report,
        "subject": student,
        "own": True,
        "quiz_rows": quiz_rows,
        "learn_rows": student_reports.learn_rows(student),
        **_fit_context(student),
    }
    return render(request, "quizzes/reports/student.html", context)


@login_required
@require_POST
def fit_schedule(request):
    """Queues the fit (a background task: a long log takes seconds); the report shows its state."""
    try:
        with transaction.atomic():
            if fitted_schedule.request_fit(request.user, timezone.now()):
                background.enqueue(tasks.fit_schedule, request.user.pk)
    except fitted_schedule.NotEnoughReviews as exc:
        messages.error(
            request,
            _("Fitting needs at least %(min)d reviews; you have %(n)d so far.")
            % {"min": fitted_schedule.FIT_MIN_REVIEWS, "n": exc.args[0]},
        )
    return redirect(reverse("my_report") + "#fit")


@login_required
@require_POST
def fit_defaults(request):
    """Back to the default schedule for the student's next reviews (again: nothing changes)."""
    fitted_schedule.use_defaults(request.user)
    messages.success(request, _("Your next reviews use the default schedule."))
    return redirect(reverse("my_report") + "#fit")


@instructor_required
def class_report(request, pk):
    klass = access.class_taught(request, pk)

    def build():
        now = timezone.now()
        with reads_for_reports():
            return class_reports.build(
                klass, now, zone_name=request.user.time_zone, rtl=translation.get_language_bidi()
            )

    if "csv" in request.GET:
        return _csv(request, _all_tables(build()), f"class-{klass.pk}")
    template = "quizzes/reports/klass.html"
    html, at = _calculated(
        request,
        template,
        ("class", klass.pk, classes.roster_revision(klass.pk)),
        lambda: {"klass": klass, "report": build()},
    )
    return render(request, template, {"klass": klass, "body_html": html, "calculated_at": at})


@instructor_required
def class_student_report(request, pk, student_id):
    klass = access.class_taught(request, pk)
    subject = access.student_of_class(klass, student_id)
    now = timezone.now()
    report = student_reports.build(subject, _assigned_sets(klass, subject), now, rtl=translation.get_language_bidi())
    # The student's attempts at this class's quizzes, which its instructors review on the quiz's page.
    quiz_rows = reports.quiz_rows([subject.pk], now, quizzes=Quiz.objects.filter(classes=klass))
    report.tables["quizzes"] = quiz_attempts.quiz_table(quiz_rows, own=False)
    download = _csv(request, _all_tables(report), f"class-{klass.pk}-student-{subject.pk}")
    if download:
        return download
    context = {
        "report": report,
        "subject": subject,
        "own": False,
        "klass": klass,
        "quiz_rows": quiz_rows,
    }
    return render(request, "quizzes/reports/student.html", context)


@instructor_required
def item_analysis(request, pk, slug):
    klass = access.class_taught(request, pk)
    qset = get_object_or_404(QuestionSet.objects.filter(assignments__klass=klass), slug=slug)
    can_edit = access.may_edit(request.user, qset)

    def build():
        with reads_for_reports():
            rows, table = items.build(klass, qset)
            student_ids = list(classes.members(klass).values_list("pk", flat=True))
            quiz_items = reports.quiz_item_rows(student_ids, qset.pk, timezone.now())
            quiz_table = quiz_attempts.quiz_item_table(quiz_items)
        return {
            "klass": klass,
            "set": qset,
            "rows": rows,
            "table": table,
            "quiz_items": quiz_items,
            "quiz_table": quiz_table,
            "min_students": items.MIN_STUDENTS,
            "can_edit": can_edit,
        }

    if "csv" in request.GET:
        context = build()
        tables = {"items": context["table"], "quiz-items": context["quiz_table"]}
        return _csv(request, tables, f"class-{klass.pk}-{qset.slug}")
    template = "quizzes/reports/items.html"
    html, at = _calculated(
        request,
        template,
        ("items", klass.pk, classes.roster_revision(klass.pk), qset.pk, qset.content_revision, can_edit),
        build,
    )
    return render(request, template, {"klass": klass, "set": qset, "body_html": html, "calculated_at": at})


@instructor_required
def quiz_overview_report(request, pk):
    """Moodle's overview of a quiz: the grades' spread, average and median, each question's
    average mark, over the attempts this person reads (a co-instructor's classes only)."""
    quiz = access.quiz_to_manage(request, pk)
    with reads_for_reports():
        overview = quiz_overview.build(
            quiz, access.attempts_to_read(request, quiz), timezone.now(), rtl=translation.get_language_bidi()
        )
    if "csv" in request.GET:
        return _csv(request, {"grades": overview.chart.table, "questions": overview.table}, f"quiz-{quiz.pk}")
    return render(request, "quizzes/reports/quiz_overview.html", {"quiz": quiz, "overview": overview})
