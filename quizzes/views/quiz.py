"""Quizzes: students start, answer (autosaved with htmx), submit and review attempts; instructors
set quizzes for their classes, list attempts, reopen or extend them, regrade and download grades.

Every action finds the quiz or attempt within what the person may see first (404), refuses a
malformed request (400), and only then writes.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from .. import access
from ..access import instructor_required
from ..attempts import attempts, grading, overrides, quizzes, scoring, showing
from ..attempts.grades_csv import grades_csv
from ..bank.sets import tags_of
from ..forms import QuizForm, QuizOverrideForm
from ..models import Attempt, Question, Quiz, Tag
from ..questions import InvalidResponse
from ..templatetags.quiz_tags import is_pending, out_of, percent
from .addresses import around_id


def _int(value, *, low=1, high=10_000):
    """A small whole number from a form value, or None (never reaches a query otherwise)."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 5:
        return None
    number = int(value)
    return number if low <= number <= high else None


def _id(value):
    """A row id from a form value, or None (never reaches a query otherwise)."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 12:
        return None
    return int(value) or None


# Students ---------------------------------------------------------------------------------------


@login_required
def quiz_list(request):
    now = timezone.now()
    # Open or closed as this student's own dates say, where an instructor gave them some.
    mine = overrides.each_for_student(list(quizzes.for_student(request.user)), request.user)
    taught = list(quizzes.managed_by(request.user).select_related("question_set"))
    return render(
        request,
        "quizzes/quiz/list.html",
        {"quizzes": [(q, quizzes.is_open(q, now)) for q in mine], "taught": taught},
    )


@login_required
def quiz_detail(request, pk):
    quiz = access.quiz_to_take(request, pk)
    return render(request, "quizzes/quiz/detail.html", showing.quiz_page(quiz, request.user, timezone.now()))


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


@own_attempt
def attempt_page(request, attempt, now):
    state = attempts.effective_state(attempt, now)
    if state in attempts.FINISHED_STATES:
        return redirect("attempt_result", attempt.pk)
    page = _int(request.GET.get("page", "1")) or 1
    return render(request, "quizzes/quiz/attempt.html", showing.attempt_page(attempt, now, page))


def _position(request, attempt):
    position = _int(request.POST.get("position", ""))
    if position is None:
        return None
    return attempt.questions.filter(position=position).first()


@own_attempt
@require_POST
def attempt_save(request, attempt, now):
    row = _position(request, attempt)
    seq = _int(request.POST.get("seq", ""), high=2_000_000_000)
    if row is None or (request.POST.get("seq") and seq is None):
        return HttpResponseBadRequest("Name one question of the attempt, and a save number from 1 to 2000000000.")
    go = _int(request.POST.get("go", ""))
    try:
        row = attempts.save_from_form(attempt, row, dict(request.POST.lists()), now, seq=seq, moving=go is not None)
        error = None
    except (InvalidResponse, attempts.AnswerRefused) as exc:
        error = exc.message
    target = f"{reverse('attempt', args=[attempt.pk])}?page={go or row.position}"
    if not request.htmx:
        if error:
            # The same question again, with what is wrong.
            messages.error(request, error)
            target = f"{reverse('attempt', args=[attempt.pk])}?page={row.position}"
        return redirect(target)
    if error is None and "check" in request.POST:
        # The question comes back checked: the whole question is swapped.
        context = showing.attempt_page(attempt, now, row.position)
        context["questions"] = [showing.while_answering(row, attempt.quiz)]
        return render(request, "quizzes/quiz/attempt.html#question-oob", context)
    if error is None and go is not None and go != row.position:
        return HttpResponseClientRedirect(target)
    # Only the save status and the navigation strip change.
    context = showing.save_status(attempt, row, error)
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
        if request.htmx:
            return HttpResponseClientRedirect(reverse("attempt_result", args=[attempt.pk]))
        return redirect("attempt_result", attempt.pk)
    if not request.htmx:
        return redirect(f"{reverse('attempt', args=[attempt.pk])}?page={row.position}")
    context = showing.attempt_page(attempt, now, row.position)
    context.update(item=showing.question(row, attempt.quiz), flag_oob=True)
    return render(request, "quizzes/quiz/attempt.html#flag", context)


@own_attempt
def attempt_submit(request, attempt, now):
    """GET: the summary (what is answered, flagged, missing) with the submit button; POST submits.
    A POST that does not say the student confirmed, while questions are unanswered, shows the summary."""
    state = attempts.effective_state(attempt, now)
    if request.method == "POST":
        confirmed = request.POST.get("confirmed") == "1"
        if state not in attempts.FINISHED_STATES and not confirmed and attempts.unanswered(attempt):
            return redirect("attempt_submit", attempt.pk)
        attempts.submit(attempt, now)
        return redirect("attempt_result", attempt.pk)
    if state in attempts.FINISHED_STATES:
        return redirect("attempt_result", attempt.pk)
    return render(request, "quizzes/quiz/summary.html", showing.attempt_page(attempt, now, 1))


@own_attempt
def attempt_result(request, attempt, now):
    if attempts.effective_state(attempt, now) not in attempts.FINISHED_STATES:
        return redirect("attempt", attempt.pk)
    return render(request, "quizzes/quiz/result.html", showing.result_page(attempt, now))


# Instructors ------------------------------------------------------------------------------------


def _form(request, instance=None):
    """The quiz form over the sets this person may see (bank/sets.py's rule) and their classes."""
    visible = access.sets_to_see(request)
    tag_sets = tags_of(visible)
    return QuizForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        sets=visible,
        classes=quizzes.taught_classes(request.user),
        tags=Tag.objects.filter(pk__in=tag_sets).order_by("name"),
        tag_sets=tag_sets,
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
        # Attempts already made count with the marks the quiz gives now, as in Moodle.
        remarked = scoring.apply_marks(quiz)
        if remarked:
            message = ngettext(
                "%(n)d attempt now counts with the new marks.", "%(n)d attempts now count with the new marks.", remarked
            )
            messages.info(request, message % {"n": remarked})
        return redirect("quiz_attempts", quiz.pk)
    return render(request, "quizzes/quiz/form.html", {"form": form, "quiz": quiz}, status=422 if form.errors else 200)


# Attempts on one page of the instructor's list: a class of hundreds reads in pages, as Moodle's.
ATTEMPTS_PER_PAGE = 50


# The attempt's columns the attempts page reads (its state, deadline and score rules included).
ATTEMPT_COLUMNS = (
    "number",
    "state",
    "deadline",
    "grace_seconds",
    "submitted_at",
    "score",
    "student__username",
    "student__display_name",
)


def _row_links():
    """{name: (before, after)} of each address a row of the attempts page links to, around the
    attempt's id: reversed once a page, not twice a row."""
    names = {"review_url": "attempt_review", "reopen_url": "attempt_reopen", "extra_time_url": "attempt_extra_time"}
    return {key: around_id(name) for key, name in names.items()}


def _state_labels():
    """{effective state: its name in the attempts table}."""
    return {
        attempts.FINISHED: _("Finished"),
        attempts.ABANDONED: _("Never submitted"),
        attempts.GRACE: _("Time is up: submit"),
        attempts.IN_PROGRESS: _("In progress"),
    }


# Where an attempt's id goes in a row's actions rendered once a page: NUL, which no address, token,
# translation or escaped text holds, so replacing it touches nothing else.
ID_MARK = "\x00"


def _actions_cells(request, links):
    """{kind of row: its actions cell with ID_MARK for the attempt's id}, from the template's
    `actions` partial rendered once a page per kind (a closed attempt is reopened, a running one
    with a deadline given time), not once a row."""
    urls = {name: f"{before}{ID_MARK}{after}" for name, (before, after) in links.items()}
    template = "quizzes/quiz/attempts.html#actions"
    cells = {}
    for kind in ("reopen_url", "extra_time_url", None):
        context = {"review_url": urls["review_url"], "reopen_url": None, "extra_time_url": None}
        if kind:
            context[kind] = urls[kind]
        cells[kind] = render_to_string(template, context, request=request)
    return cells


def _attempt_row(a, quiz, now, labels, actions):
    """What one row of the attempts table shows, as plain values: the template reads each in one
    step instead of through the attempt and its student, and tests no rule of its own."""
    state, score = attempts.effective_state(a, now), attempts.effective_score(a, now)
    # A closed attempt may be reopened; one with a deadline still running may be given time.
    closed = state in (attempts.FINISHED, attempts.ABANDONED)
    kind = "reopen_url" if closed else "extra_time_url" if a.deadline else None
    return {
        # The cell is the template's own markup, its escaping done when the partial was rendered.
        "actions": mark_safe(actions[kind].replace(ID_MARK, str(a.pk))),  # noqa: S308
        "student": str(a.student),
        "number": a.number,
        "state_label": labels[state],
        # Shown as "until …" while the attempt is in progress.
        "deadline": a.deadline if state == attempts.IN_PROGRESS else None,
        "answered": a.answered,
        "total": a.total,
        "grade": None if score is None else out_of(score, quiz.max_grade),
        "percent": None if score is None or is_pending(score) else percent(score),
    }


def class_attempts(request, quiz, student=""):
    """Every attempt at the quiz by students of the classes the instructor may see it for (those of
    students whose name holds `student`), in a stable order."""
    rows = access.attempts_to_read(request, quiz)
    if student:
        rows = rows.filter(Q(student__username__icontains=student) | Q(student__display_name__icontains=student))
    return rows.order_by("student__username", "number", "pk")


@instructor_required
def quiz_attempts(request, pk):
    quiz = access.quiz_to_manage(request, pk)
    now = timezone.now()
    student = request.GET.get("student", "").strip()[:150]
    # Any page that is not a number (or below 1) reads as the first, one past the end as the last.
    number = _int(request.GET.get("page", ""), high=99_999) or 1
    # The page holds ids only: the attempts shown are read once, below, with their points.
    ids = class_attempts(request, quiz, student).values_list("pk", flat=True)
    page = Paginator(ids, ATTEMPTS_PER_PAGE).get_page(number)
    shown = attempts.with_points(Attempt.objects.filter(pk__in=list(page.object_list)))
    # Only what the table shows: a whole user row per attempt cost more than the rest of the query.
    shown = shown.select_related("student").only(*ATTEMPT_COLUMNS).order_by("student__username", "number", "pk")
    actions, labels = _actions_cells(request, _row_links()), _state_labels()
    rows = [_attempt_row(a, quiz, now, labels, actions) for a in shown]
    every_class = quizzes.manages_every_class(request.user, quiz)
    context = {"quiz": quiz, "rows": rows, "page": page, "student": student, "now": now, "every_class": every_class}
    return render(request, "quizzes/quiz/attempts.html", context)


@instructor_required
def quiz_grades_csv(request, pk):
    quiz = access.quiz_to_manage(request, pk)
    body = grades_csv(quiz, access.attempts_to_read(request, quiz), timezone.now())
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="quiz-{quiz.pk}-grades.csv"'
    return response


@instructor_required
@require_http_methods(["GET", "POST"])
def quiz_regrade(request, pk):
    """GET says what a regrade would change (a dry run of the same code); POST performs it."""
    # A regrade changes every class's scores: the quiz's owner (or staff) only.
    quiz = access.quiz_to_manage(request, pk, every_class=True)
    done = request.method == "POST"
    result = scoring.regrade(quiz, write=done)
    return render(request, "quizzes/quiz/regrade.html", {"quiz": quiz, "result": result, "done": done})


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


# Marking by hand ---------------------------------------------------------------------------------


@instructor_required
def quiz_grading(request, pk):
    """Moodle's manual grading report: the questions marked by hand, with the answers waiting."""
    quiz = access.quiz_to_manage(request, pk)
    questions = grading.overview(access.attempts_to_read(request, quiz))
    return render(request, "quizzes/quiz/grading.html", {"quiz": quiz, "questions": questions})


def _grading_query(request):
    """The list the grader was on (only the answers waiting, which page), read back as numbers."""
    parts = ["show=waiting"] if request.GET.get("show") == "waiting" else []
    page = _int(request.GET.get("page", ""))
    if page:
        parts.append(f"page={page}")
    return "?" + "&".join(parts) if parts else ""


@instructor_required
@require_http_methods(["GET", "POST"])
def quiz_grading_question(request, pk, question_id):
    """Every answer to one question across the attempts this person manages; POST marks one."""
    quiz = access.quiz_to_manage(request, pk)
    question = Question.objects.filter(pk=question_id, question_set=quiz.question_set_id).first()
    if question is None:
        raise Http404("No such question.")
    now = timezone.now()
    errors, typed = {}, {}
    if request.method == "POST":
        row_id = _id(request.POST.get("answer"))
        if row_id is None:
            return HttpResponseBadRequest("Name one answer to mark.")
        row = access.answer_to_mark(request, quiz, row_id, question.pk)
        try:
            grading.mark(
                row.attempt_id, row.pk, request.POST.get("mark"), request.POST.get("comment"), request.user, now
            )
        except grading.GradeRefused as exc:
            errors[row.pk] = exc.message
            typed[row.pk] = {"mark": request.POST.get("mark", "")[:20], "comment": request.POST.get("comment", "")}
        else:
            messages.success(request, _("The mark is saved."))
            url = reverse("quiz_grading_question", args=[quiz.pk, question.pk])
            return redirect(f"{url}{_grading_query(request)}#answer-{row.pk}")
    waiting_only = request.GET.get("show") == "waiting"
    page = _int(request.GET.get("page", "1")) or 1
    found = grading.answers(
        access.attempts_to_read(request, quiz), question.pk, now, waiting_only=waiting_only, page=page
    )
    for answer in found.answers:
        answer.errors = [errors[answer.row.pk]] if answer.row.pk in errors else []
        answer.typed = typed.get(answer.row.pk)
    context = {
        "quiz": quiz,
        "question": question,
        "answers": found.answers,
        "page": found,
        "waiting_only": waiting_only,
        "show": "waiting" if waiting_only else "",
    }
    return render(request, "quizzes/quiz/grading_question.html", context, status=422 if errors else 200)


@instructor_required
@require_http_methods(["GET", "POST"])
def attempt_review(request, pk):
    """One attempt as its student saw it, with the right answers, marks and comments; POST
    overrides one question's mark (with the reason) or takes the override back."""
    attempt = access.attempt_to_manage(request, pk)
    now = timezone.now()
    error = None
    if request.method == "POST":
        row_id = _id(request.POST.get("answer"))
        if row_id is None:
            return HttpResponseBadRequest("Name one answer of the attempt.")
        row = access.answer_to_mark(request, attempt.quiz, row_id)
        if row.attempt_id != attempt.pk:
            raise Http404("No such answer.")
        clear = request.POST.get("clear") == "1"
        try:
            grading.mark(
                attempt.pk,
                row.pk,
                request.POST.get("mark"),
                request.POST.get("comment"),
                request.user,
                now,
                clear=clear,
            )
        except grading.GradeRefused as exc:
            error = (row.pk, exc.message)
        else:
            messages.success(request, _("The mark is saved."))
            return redirect(f"{reverse('attempt_review', args=[attempt.pk])}#review-{row.position}")
    context = showing.instructor_review(attempt, now)
    context["error"] = error
    return render(request, "quizzes/quiz/attempt_review.html", context, status=422 if error else 200)


# Overrides ---------------------------------------------------------------------------------------


@instructor_required
@require_http_methods(["GET", "POST"])
def quiz_overrides(request, pk):
    """One student's or one class's own time limit, dates and attempts (the quiz's owner's to give,
    as a change of the quiz is)."""
    quiz = access.quiz_to_manage(request, pk, every_class=True)
    form = QuizOverrideForm(
        request.POST if request.method == "POST" else None,
        students=overrides.students_of(quiz),
        classes=overrides.classes_of(quiz),
    )
    if request.method == "POST" and form.is_valid():
        overrides.save(quiz, **form.cleaned_data)
        messages.success(request, _("The override is saved."))
        return redirect("quiz_overrides", quiz.pk)
    context = {"quiz": quiz, "form": form, "overrides": overrides.listed(quiz)}
    return render(request, "quizzes/quiz/overrides.html", context, status=422 if form.errors else 200)


@instructor_required
@require_POST
def quiz_override_delete(request, pk, override_id):
    quiz = access.quiz_to_manage(request, pk, every_class=True)
    quiz.overrides.filter(pk=override_id).delete()
    messages.success(request, _("The override is removed."))
    return redirect("quiz_overrides", quiz.pk)
