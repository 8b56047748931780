"""Classes: instructors create them and assign sets; students join with a code."""

import html

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access, classes, throttles
from ..access import instructor_required
from ..bank import sets
from ..forms import AssignForm, ClassForm, CoInstructorForm, JoinForm
from .addresses import around_id
from .throttled import refuse


@login_required
def class_list(request):
    taught = (
        classes.with_member_counts(classes.taught_by(request.user)).order_by("name")
        if access.is_instructor(request.user)
        else []
    )
    joined = classes.joined_by(request.user).prefetch_related("assignments__question_set").order_by("name")
    return render(
        request,
        "quizzes/classes.html",
        {"taught": taught, "joined": joined, "class_form": ClassForm(), "join_form": JoinForm()},
    )


@instructor_required
@require_POST
def class_create(request):
    form = ClassForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the class a name."))
        return redirect("classes")
    klass = classes.create_class(request.user, form.cleaned_data["name"])
    return redirect("class_detail", klass.pk)


@login_required
@require_POST
def class_join(request):
    # Wrong codes are counted per student, and per client for a student who has guessed wrong before:
    # one person cycling accounts is stopped, and a school behind one address never blocks a student
    # who made no mistake. A blocked student is refused every code, a right one too.
    mine = ("join_code_user", request.user.pk)
    theirs = ("join_code_client", throttles.client_address(request))
    message = _("Too many wrong class codes. Wait a quarter of an hour, then check the code with your instructor.")
    if throttles.blocked(*mine):
        return refuse(request, message, reverse("classes"))
    # Counted before the code is tried, in one atomic step: parallel guesses each get their own number.
    guesses = throttles.record(*mine)
    at_address = throttles.record(*theirs)
    if guesses > throttles.limit(mine[0]) or (guesses > 1 and at_address > throttles.limit(theirs[0])):
        return refuse(request, message, reverse("classes"))
    form = JoinForm(request.POST)
    try:
        if not form.is_valid():
            raise classes.JoinRefused("empty")
        klass = classes.join(request.user, form.cleaned_data["code"])
    except classes.JoinRefused:
        messages.error(request, _("No class has that code. Check it with your instructor."))
        return redirect("classes")
    # A right code holds nothing against the student or their school.
    throttles.give_back(*mine)
    throttles.give_back(*theirs)
    messages.success(request, _("You joined %(name)s.") % {"name": klass.name})
    return redirect("class_detail", klass.pk)


@login_required
def class_detail(request, pk):
    klass = access.class_to_see(request, pk)
    teaching = access.runs_class(request.user, klass)
    context = {
        "klass": klass,
        "teaching": teaching,
        "assignments": klass.assignments.select_related("question_set").order_by("due_date", "question_set__title"),
    }
    if teaching:
        students = _with_remove_links(klass, classes.member_names(klass))
        context.update(
            students=students,
            student_items=_student_items(students),
            instructors=klass.instructors.order_by("username"),
            assign_form=AssignForm(sets=sets.assignable_sets(request.user)),
            co_form=CoInstructorForm(),
        )
    return render(request, "quizzes/class_detail.html", context)


def _with_remove_links(klass, students):
    """[(name, username, the address of their removal page)] for `classes.member_names` rows: the
    address reversed once for the class, not once a student (a class of hundreds spent most of its
    page in reverse())."""
    before, after = around_id("class_remove_student", klass.pk)
    return [(name, username, f"{before}{pk}{after}") for pk, name, username in students]


def _student_items(students):
    """The list items of the class's students, joined once here: a template loop over a class of
    hundreds was most of the page's time. Each value is escaped as the template escaped it
    (django's escape is this html.escape, less its per-call wrapper, which cost as much again)."""
    remove = html.escape(_("Remove"))
    return mark_safe(
        "".join(
            f'<li><bdi>{html.escape(name)}</bdi> <span class="muted"><bdi>{html.escape(username)}</bdi></span>'
            f' <a href="{html.escape(url)}">{remove}</a></li>'
            for name, username, url in students
        )
    )


@instructor_required
@require_POST
def class_regenerate(request, pk):
    klass = access.class_taught(request, pk)
    classes.regenerate_code(klass)
    messages.success(request, _("A new join code was made; the old one no longer works."))
    return redirect("class_detail", klass.pk)


@instructor_required
@require_POST
def class_assign(request, pk):
    klass = access.class_taught(request, pk)
    form = AssignForm(request.POST, sets=sets.assignable_sets(request.user))
    if form.is_valid():
        classes.assign(klass, form.cleaned_data["question_set"], form.cleaned_data["due_date"])
        messages.success(request, _("The set was assigned."))
    else:
        messages.error(request, _("Choose one of your sets or a public set."))
    return redirect("class_detail", klass.pk)


@instructor_required
@require_POST
def class_unassign(request, pk):
    klass = access.class_taught(request, pk)
    klass.assignments.filter(question_set__slug=request.POST.get("set")).delete()
    return redirect("class_detail", klass.pk)


@instructor_required
@require_POST
def class_add_instructor(request, pk):
    klass = access.class_taught(request, pk)
    form = CoInstructorForm(request.POST)
    other = None
    if form.is_valid():
        other = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
    if other is None or not other.is_instructor:
        messages.error(request, _("No instructor has that username."))
    else:
        klass.instructors.add(other)
        messages.success(request, _("%(name)s now co-teaches this class.") % {"name": other})
    return redirect("class_detail", klass.pk)


@login_required
@require_POST
def class_leave(request, pk):
    klass = access.class_joined(request, pk)
    classes.leave(request.user, klass)
    return redirect("classes")


@instructor_required
def class_remove_student(request, pk, student_id):
    """GET says what removing the student does; POST removes them (a double click removes once)."""
    klass = access.class_taught(request, pk)
    student = access.student_of_class(klass, student_id)
    if request.method == "POST":
        classes.remove(klass, student)
        messages.success(request, _("%(name)s was removed from the class.") % {"name": student})
        return redirect("class_detail", klass.pk)
    return render(request, "quizzes/class_remove_student.html", {"klass": klass, "student": student})
