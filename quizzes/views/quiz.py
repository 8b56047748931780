"""Quizzes: students start, answer (autosaved with htmx), submit and review attempts; instructors
set quizzes for their classes, list attempts, reopen or extend them, regrade and download grades.

Every action finds the quiz or attempt within what the person may see first (404), refuses a
malformed request (400), and only then writes.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access
from ..access import instructor_required
from ..attempts import attempts, quizzes, review_options, scoring
from ..attempts.grades_csv import grades_csv
from ..bank.sets import answer_notes
from ..bank.sets import version as cached_version
from ..forms import QuizForm
from ..models import QuestionSet, Quiz, Tag
from ..questions import InvalidResponse, get_type


def _int(value, *, low=1, high=10_000):
    """A small whole number from a form value, or None (never reaches a query otherwise)."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 5:
        return None
    number = int(value)
    return number if low <= number <= high else None


# Students ---------------------------------------------------------------------------------------


@login_required
def quiz_list(request):
    now = timezone.now()
    mine = list(quizzes.for_student(request.user))
    taught = list(quizzes.managed_by(request.user).select_related("question_set"))
    return render(
        request,
        "quizzes/quiz/list.html",
        {"quizzes": [(q, quizzes.is_open(q, now)) for q in mine], "taught": taught},
    )


@login_required
def quiz_detail(request, pk):
    quiz = access.quiz_to_take(request, pk)
    now = timezone.now()
    mine = list(attempts.student_attempts(quiz, request.user))
    rows = []
    for a in mine:
        state, submitted = attempts.effective_state(a, now), attempts.effective_submitted_at(a, now)
        # Marks only where the quiz's review options show them at this moment, as on the result page.
        marks = "marks" in review_options.allowed(quiz, review_options.moment(quiz, state, submitted, now))
        score = attempts.effective_score(a, now)
        rows.append({"attempt": a, "state": state, "submitted": submitted, "marks": marks, "score": score})
    finished = [r for r in rows if r["state"] in attempts.FINISHED_STATES]
    marks_shown = all(r["marks"] for r in finished)
    in_progress = next((r["attempt"] for r in rows if r["state"] in (attempts.IN_PROGRESS, attempts.GRACE)), None)
    used = len(mine)
    may_start = quizzes.is_open(quiz, now) and (not quiz.attempts_allowed or used < quiz.attempts_allowed)
    return render(
        request,
        "quizzes/quiz/detail.html",
        {
            "quiz": quiz,
            "rows": rows,
            "grade": attempts.final_grade(mine, quiz, now) if marks_shown else None,
            "is_open": quizzes.is_open(quiz, now),
            "in_progress": in_progress,
            "may_start": may_start or in_progress is not None,
            "question_total": len(quizzes.eligible_questions(quiz)),
        },
    )


@login_required
@require_POST
def quiz_start(request, pk):
    quiz = access.quiz_to_take(request, pk)
    try:
        attempt = attempts.start(quiz, request.user, timezone.now())
    except attempts.StartRefused as exc:
        messages.error(request, exc.message)
        return redirect("quiz_detail", quiz.pk)
    return redirect("attempt", attempt.pk)


def own_attempt(view):
    """A view of one of the student's own attempts: anyone else's is a 404."""

    @login_required
    @wraps(view)
    def wrapped(request, pk):
        return view(request, access.own_attempt(request, pk), timezone.now())

    return wrapped


def _question(row, quiz, show=None):
    """What the page shows of one question of an attempt; `show` is what the review options allow
    (None while answering)."""
    version = cached_version(row.version_id)
    qtype = get_type(version.type)
    shown = qtype.display(version.data, row.seed)
    if not quiz.shuffle_options and "options" in shown:
        order = {o["key"]: i for i, o in enumerate(version.data["options"])}
        shown["options"].sort(key=lambda o: order[o["key"]])
    item = {
        "row": row,
        "qtype": qtype,
        "template": qtype.template,
        "prompt": version.prompt,
        "shown": shown,
        "data": version.data,
        "saved": row.form or {},
        # Unique on a page that shows every question.
        "field_id": f"response-{row.position}",
        "answered": attempts.is_answered(row),
        "checked_at": row.checked_at,
    }
    if show is not None:
        # Every type grades a missing response as wrong, part by part, so the checked side can list them.
        grade = qtype.grade(version.data, row.response)
        item["show"] = show
        item["grade"] = grade
        if "right_answer" in show and "response" not in show:
            # The right answer alone: the checked side drawn as if the right answer had been given.
            correct = qtype.correct_response(version.data)
            item["pending"] = {"response": correct}
            item["grade"] = qtype.grade(version.data, correct)
        else:
            item["pending"] = row
        if "explanation" in show:
            item["notes"] = answer_notes(quiz.question_set, row.question_id)
    return item


def _during(quiz, row):
    """What a question shows during the attempt: its checked side once checked (immediate feedback)."""
    if row.checked_at is None:
        return None
    return review_options.allowed(quiz, "during") | {"response"}


def _strip(attempt):
    return list(attempt.questions.order_by("position").values("position", "saved_at", "flagged"))


def _attempt_context(attempt, now, page):
    quiz = attempt.quiz
    # The strip needs three fields of every question; only the questions on screen are read whole.
    strip = _strip(attempt)
    state = attempts.effective_state(attempt, now)
    if quiz.layout == Quiz.Layout.ALL:
        on_page = attempts.rows(attempt)
    else:
        page = min(max(page, 1), len(strip))
        on_page = list(attempt.questions.filter(position=page))
    return {
        "attempt": attempt,
        "quiz": quiz,
        "state": state,
        "grace": state == attempts.GRACE,
        "rows": strip,
        "page": page,
        # The question the strip marks as the one on screen (none when all are on one page).
        "current": page if quiz.layout == Quiz.Layout.ONE else None,
        "pages": len(strip),
        # Only the first question on the page takes the keyboard focus.
        "questions": [
            dict(_question(row, quiz, _during(quiz, row)), autofocus=i == 0) for i, row in enumerate(on_page)
        ],
        "time_left": attempts.time_left(attempt, now),
        "now": now,
        "unanswered": sum(1 for r in strip if r["saved_at"] is None),
    }


@own_attempt
def attempt_page(request, attempt, now):
    state = attempts.effective_state(attempt, now)
    if state in attempts.FINISHED_STATES:
        return redirect("attempt_result", attempt.pk)
    page = _int(request.GET.get("page", "1")) or 1
    return render(request, "quizzes/quiz/attempt.html", _attempt_context(attempt, now, page))


def _position(request, attempt):
    position = _int(request.POST.get("position", ""))
    if position is None:
        return None
    return attempt.questions.filter(position=position).first()


@own_attempt
@require_POST
def attempt_save(request, attempt, now):
    row = _position(request, attempt)
    if row is None:
        return HttpResponseBadRequest("Name one question of the attempt.")
    go = _int(request.POST.get("go", ""))
    form = dict(request.POST.lists())
    error = None
    # "Save and next" on a question left blank moves on without saving (or refusing) anything.
    blank = not any(v.strip() for values in attempts.kept_form(form).values() for v in values)
    if not (blank and not request.htmx):
        try:
            attempts.save_answer(attempt, row, form, now, check="check" in request.POST)
        except (InvalidResponse, attempts.AnswerRefused) as exc:
            error = exc.message
    if not request.htmx:
        if error:
            # The same question again, with what is wrong.
            messages.error(request, error)
            go = None
        target = reverse("attempt", args=[attempt.pk])
        return redirect(f"{target}?page={go or row.position}")
    if error is None and "check" in request.POST:
        # The question comes back checked: the whole question is swapped.
        context = _attempt_context(attempt, now, row.position)
        context["questions"] = [_question(row, attempt.quiz, _during(attempt.quiz, row))]
        return render(request, "quizzes/quiz/attempt.html#question-oob", context)
    # Only the save status and the navigation strip change.
    context = {
        "attempt": attempt,
        "rows": _strip(attempt),
        "current": row.position if attempt.quiz.layout == Quiz.Layout.ONE else None,
        "item": {"row": row},
        "error": error,
        "just_saved": True,
    }
    return render(request, "quizzes/quiz/attempt.html#saved", context, status=200 if error is None else 422)


@own_attempt
@require_POST
def attempt_flag(request, attempt, now):
    row = _position(request, attempt)
    if row is None:
        return HttpResponseBadRequest("Name one question of the attempt.")
    try:
        attempts.set_flag(attempt, row, request.POST.get("flagged") == "1", now)
    except attempts.AnswerRefused as exc:
        messages.error(request, exc.message)
        return redirect("attempt_result", attempt.pk)
    if not request.htmx:
        return redirect(f"{reverse('attempt', args=[attempt.pk])}?page={row.position}")
    context = _attempt_context(attempt, now, row.position)
    context.update(item=_question(row, attempt.quiz), flag_oob=True)
    return render(request, "quizzes/quiz/attempt.html#flag", context)


@own_attempt
def attempt_submit(request, attempt, now):
    """GET: the summary (what is answered, flagged, missing) with the submit button; POST submits.
    A POST that does not say the student confirmed, while questions are unanswered, shows the summary."""
    state = attempts.effective_state(attempt, now)
    if request.method == "POST":
        rows = attempts.rows(attempt)
        unanswered = sum(1 for r in rows if not attempts.is_answered(r))
        if state not in attempts.FINISHED_STATES and unanswered and request.POST.get("confirmed") != "1":
            return redirect("attempt_submit", attempt.pk)
        attempts.submit(attempt, now)
        return redirect("attempt_result", attempt.pk)
    if state in attempts.FINISHED_STATES:
        return redirect("attempt_result", attempt.pk)
    return render(request, "quizzes/quiz/summary.html", _attempt_context(attempt, now, 1))


def _result_context(attempt, now, *, moment=None):
    quiz = attempt.quiz
    state = attempts.effective_state(attempt, now)
    submitted = attempts.effective_submitted_at(attempt, now)
    moment = moment or review_options.moment(quiz, state, submitted, now)
    show = review_options.allowed(quiz, moment)
    rows = attempts.rows(attempt)
    score = attempts.effective_score(attempt, now)
    return {
        "attempt": attempt,
        "quiz": quiz,
        "state": state,
        "submitted": submitted,
        "score": score,
        "marks": None if score is None else score * len(rows),
        "total": len(rows),
        "show": show,
        "questions": [_question(row, quiz, show) for row in rows] if show else [],
    }


@own_attempt
def attempt_result(request, attempt, now):
    if attempts.effective_state(attempt, now) not in attempts.FINISHED_STATES:
        return redirect("attempt", attempt.pk)
    return render(request, "quizzes/quiz/result.html", _result_context(attempt, now))


# Instructors ------------------------------------------------------------------------------------


def _form(request, instance=None):
    sets = QuestionSet.objects.filter(Q(owner=request.user) | Q(editors=request.user) | Q(is_public=True)).distinct()
    tags = Tag.objects.filter(questions__question_set__in=sets).distinct()
    return QuizForm(
        request.POST or None,
        instance=instance,
        sets=sets.order_by("title"),
        classes=quizzes.taught_classes(request.user),
        tags=tags.order_by("name"),
    )


@instructor_required
def quiz_create(request):
    form = _form(request, Quiz(owner=request.user))
    if request.method == "POST" and form.is_valid():
        quiz = form.save()
        messages.success(request, _("The quiz is saved."))
        return redirect("quiz_attempts", quiz.pk)
    return render(request, "quizzes/quiz/form.html", {"form": form}, status=422 if form.errors else 200)


@instructor_required
def quiz_edit(request, pk):
    # A co-instructor reviews their classes' attempts; only the quiz's owner changes it (all its classes).
    quiz = access.quiz_to_manage(request, pk, every_class=True)
    form = _form(request, quiz)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The quiz is saved."))
        return redirect("quiz_attempts", quiz.pk)
    return render(request, "quizzes/quiz/form.html", {"form": form, "quiz": quiz}, status=422 if form.errors else 200)


def class_attempts(request, quiz):
    """Every attempt at the quiz by students of the classes the instructor may see it for."""
    rows = access.attempts_to_read(request, quiz).select_related("student")
    return attempts.with_points(rows).order_by("student__username", "number")


@instructor_required
def quiz_attempts(request, pk):
    quiz = access.quiz_to_manage(request, pk)
    now = timezone.now()
    rows = [
        {
            "attempt": a,
            "state": attempts.effective_state(a, now),
            "score": attempts.effective_score(a, now),
            "submitted": attempts.effective_submitted_at(a, now),
        }
        for a in class_attempts(request, quiz)
    ]
    every_class = quizzes.manages_every_class(request.user, quiz)
    context = {"quiz": quiz, "rows": rows, "now": now, "every_class": every_class}
    return render(request, "quizzes/quiz/attempts.html", context)


@instructor_required
def quiz_grades_csv(request, pk):
    quiz = access.quiz_to_manage(request, pk)
    body = grades_csv(quiz, access.attempts_to_read(request, quiz), timezone.now())
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="quiz-{quiz.pk}-grades.csv"'
    return response


@instructor_required
@require_POST
def quiz_regrade(request, pk):
    # A regrade changes every class's scores: the quiz's owner (or staff) only.
    quiz = access.quiz_to_manage(request, pk, every_class=True)
    changes = scoring.regrade(quiz)
    return render(request, "quizzes/quiz/regrade.html", {"quiz": quiz, "changes": changes})


@instructor_required
@require_POST
def attempt_reopen(request, pk):
    attempt = access.attempt_to_manage(request, pk)
    minutes = _int(request.POST.get("minutes", ""), high=10_080)
    if request.POST.get("minutes") and minutes is None:
        return HttpResponseBadRequest("Minutes must be a whole number from 1 to 10080.")
    try:
        attempts.reopen(attempt, minutes, timezone.now())
        messages.success(request, _("The attempt is reopened."))
    except attempts.ActionRefused as exc:
        messages.error(request, exc.message)
    return redirect("quiz_attempts", attempt.quiz_id)


@instructor_required
@require_POST
def attempt_extra_time(request, pk):
    attempt = access.attempt_to_manage(request, pk)
    minutes = _int(request.POST.get("minutes", ""), high=10_080)
    if minutes is None:
        return HttpResponseBadRequest("Minutes must be a whole number from 1 to 10080.")
    try:
        attempts.extra_time(attempt, minutes, timezone.now())
        messages.success(request, _("The student has more time."))
    except attempts.ActionRefused as exc:
        messages.error(request, exc.message)
    return redirect("quiz_attempts", attempt.quiz_id)
