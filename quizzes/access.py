"""Who may reach what, for every view: one decorator for the pages only instructors use, and one
resolver per kind of object, which returns the object if this person may reach it and raises
Http404 otherwise (what a person may not reach does not exist for them, as healthchecks'
`_get_check_for_user` answers).

The rules themselves live with their areas (bank/sets.py: who sees and edits a set;
attempts/quizzes.py: who manages a quiz; classes.py: who runs a class); this module only asks them.

- A set is seen by everyone if public, else by its owner, its editors, the students and instructors
  of a class it is assigned to. It is edited by its owner and its editors, whatever their role (a
  student may own a set), and shared by its owner only.
- A class is run by its instructors; its students see it and may leave it. A student an instructor
  removed is no member anywhere (reports, quizzes, sets through the class) until they join again.
- A quiz is taken by the students of its classes. Its owner reads, changes and regrades every
  class it is set for; an instructor of one of those classes reads and changes (reopens, gives
  extra time to) the attempts of their own classes' students only, and cannot regrade, because a
  regrade changes every class's scores.
- Marks given by hand (an essay's, an override) are given by whoever manages the attempt: the quiz's
  owner for every class, an instructor of the student's class for their own students.
- Staff (`is_staff`) read and manage everything, as they do in the admin: every set, class, quiz
  and attempt, and the instructors' pages. They take no quiz and study as anyone does.
- A student's own set (`QuestionSet.personal`, bank/own_sets.py) is seen, studied, edited, shared
  by link and deleted by its owner only. No instructor sees it, not even one of the student's
  classes: it is never public, assigned or given editors. Staff do not see it in the app either;
  they see it in the admin only, for moderation (a complaint about its content, a student who
  asks for help), where it is marked and filtered as a student's own set. A classmate who opens a
  link gets a copy of their own, a new set of theirs; instructors and staff cannot copy one.
- Whoever may study a set may Learn it; a Learn session is seen and answered by its student only.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from . import classes
from .attempts import quizzes
from .bank import own_sets, sets
from .models import Attempt, AttemptQuestion, Image, LearnSession, QuestionSet
from .moved import SetMoved


def is_instructor(user):
    """Whether the person uses the instructors' pages (creating sets, classes and quizzes)."""
    return user.is_instructor or user.is_staff


def instructor_required(view):
    """A page for instructors (and staff): anyone else who is logged in gets 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_instructor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def staff_required(view):
    """A page for staff only (inviting instructors): anyone else who is logged in gets 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


# Sets -------------------------------------------------------------------------------------------


def _moved(request, slug, may_reach):
    """Raises SetMoved when `slug` is an old slug of a set this person may reach and the request
    only reads (GET or HEAD: a form posted to an old address is refused, never replayed)."""
    if request.method not in ("GET", "HEAD") or request.resolver_match is None:
        return
    qset = sets.renamed_set(slug)
    if qset is None or not may_reach(qset):
        return
    match = request.resolver_match
    url = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, "slug": qset.slug})
    query = request.META.get("QUERY_STRING", "")
    raise SetMoved(f"{url}?{query}" if query else url)


def set_to_see(request, slug, *, counted=False):
    """The set to study or read, if this person may see it; `counted` adds its live question count."""
    qset = sets.visible_set(request.user, slug, annotate=counted)
    if qset is None:
        _moved(request, slug, lambda moved: sets.visible_set(request.user, moved.slug) is not None)
        raise Http404("No such set.")
    return qset


def sets_to_see(request):
    """Every set this person may see to build a quiz on (no student's own set), with its owner, by title."""
    found = sets.visible_sets(request.user, annotate=False).filter(personal=False)
    return found.select_related("owner").order_by("title", "slug")


def set_to_edit(request, slug):
    """The set to edit (its questions, articles, settings, problem reports, its YAML), if this
    person may edit it; their role does not matter."""
    qset = QuestionSet.objects.filter(slug=slug).first()
    if qset is None:
        _moved(request, slug, lambda moved: sets.may_edit(request.user, moved))
    if qset is None or not sets.may_edit(request.user, qset):
        raise Http404("No such set.")
    return qset


def set_by_id(request, set_id):
    """The set with this stable id (a UUID, parsed by the URL), if this person may see it."""
    qset = QuestionSet.objects.filter(uuid=set_id).only("slug").first()
    if qset is None:
        raise Http404("No such set.")
    return set_to_see(request, qset.slug)


def image_to_see(request, image_id):
    """An image (by its uuid, parsed by the URL), if this person may see its set: whoever may see
    the set sees its pictures, and nobody else learns that they exist."""
    image = Image.objects.select_related("question_set").filter(uuid=image_id).first()
    if image is None or sets.visible_set(request.user, image.question_set.slug) is None:
        raise Http404("No such image.")
    return image


def set_to_share(request, slug):
    """The set whose editors this person chooses: its owner, or staff."""
    qset = set_to_edit(request, slug)
    if not sets.may_share(request.user, qset):
        raise Http404("No such set.")
    return qset


def own_set(request, slug):
    """A student's own set, for its owner: to share by link, revoke its links or delete it."""
    qset = QuestionSet.objects.filter(slug=slug, personal=True, owner_id=request.user.pk).first()
    if qset is None:
        _moved(request, slug, lambda moved: moved.personal and moved.owner_id == request.user.pk)
        raise Http404("No such set.")
    return qset


def learn_session(request, qset, session_id):
    """The student's own Learn session (by its uuid, parsed by the URL) over this set: nobody
    else's, not even their instructor's, since it is their practice and never a grade."""
    found = LearnSession.objects.filter(uuid=session_id, student_id=request.user.pk, question_set=qset).first()
    if found is None:
        raise Http404("No such Learn session.")
    return found


def link_to_copy(request, token):
    """The open link of this token, if this person may copy its set; own_sets.LinkRefused says why
    not (a link that does not work, their own set, or a person who is no student)."""
    link = own_sets.find(token)
    own_sets.check_may_copy(request.user, link)
    return link


def may_edit(user, qset):
    """Whether a page shows the set's editing links (the views refuse with `set_to_edit`)."""
    return sets.may_edit(user, qset)


# Classes ----------------------------------------------------------------------------------------


def class_to_see(request, pk):
    """A class this person runs or is a student of."""
    return get_object_or_404(classes.seen_by(request.user), pk=pk)


def runs_class(user, klass):
    """Whether the person runs the class (teaches it, or is staff), rather than studies in it."""
    return user.is_staff or klass.instructors.filter(pk=user.pk).exists()


def class_taught(request, pk):
    """A class this person runs: its code, assignments, instructors and reports."""
    return get_object_or_404(classes.managed_by(request.user), pk=pk)


def class_joined(request, pk):
    """A class this person is a current student of (to leave it)."""
    return get_object_or_404(classes.joined_by(request.user), pk=pk)


def student_of_class(klass, student_id):
    """A current student of a class this person runs (resolved first with `class_taught`)."""
    found = classes.member(klass, student_id)
    if found is None:
        raise Http404("No such student.")
    return found


# Quizzes and attempts ---------------------------------------------------------------------------


def quiz_to_take(request, pk):
    """A quiz set for one of the student's classes."""
    quiz = quizzes.visible_quiz(request.user, pk)
    if quiz is None:
        raise Http404("No such quiz.")
    return quiz


def quiz_to_manage(request, pk, *, every_class=False):
    """A quiz this person reviews (its owner, an instructor of one of its classes, staff);
    `every_class` asks for what changes all its classes (editing it, regrading), which only its
    owner and staff may do."""
    quiz = quizzes.managed_quiz(request.user, pk)
    if quiz is None or (every_class and not quizzes.manages_every_class(request.user, quiz)):
        raise Http404("No such quiz.")
    return quiz


def attempts_to_read(request, quiz):
    """The quiz's attempts this person may read and change (a co-instructor's classes only)."""
    return quizzes.readable_attempts(request.user, quiz)


def own_attempt(request, pk):
    """One of the student's own attempts."""
    attempt = Attempt.objects.select_related("quiz", "quiz__question_set").filter(pk=pk, student=request.user).first()
    if attempt is None:
        raise Http404("No such attempt.")
    return attempt


def attempt_to_manage(request, pk):
    """An attempt this person may reopen or give time to: at a quiz they manage, by a student of
    a class of theirs the quiz is set for (any student, for its owner and staff)."""
    attempt = Attempt.objects.select_related("quiz", "quiz__question_set", "student").filter(pk=pk).first()
    if attempt is None:
        raise Http404("No such attempt.")
    quiz = quizzes.managed_quiz(request.user, attempt.quiz_id)
    if quiz is None or not quizzes.readable_attempts(request.user, quiz).filter(pk=attempt.pk).exists():
        raise Http404("No such attempt.")
    return attempt


def answer_to_mark(request, quiz, row_id, question_id=None):
    """One question of an attempt at the quiz that this person manages (a co-instructor: their
    own classes' students only), for marking it by hand; of the question `question_id` if given."""
    rows = AttemptQuestion.objects.filter(pk=row_id, attempt__in=quizzes.readable_attempts(request.user, quiz))
    if question_id is not None:
        rows = rows.filter(question_id=question_id)
    row = rows.first()
    if row is None:
        raise Http404("No such answer.")
    return row
