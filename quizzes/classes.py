"""Classes: join codes, membership and the sets assigned to each class."""

import secrets

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from .arabic import to_ascii_digits
from .models import Assignment, Klass, Membership
from .refusals import RefusedFor

# No 0/O, 1/I/L: a code read aloud or copied from a board is typed right the first time.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 7


class JoinRefused(RefusedFor):
    """Why a class code joins nothing: empty or unknown."""


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(text):
    """What a student typed, as a code: upper case, no spaces or dashes, any digit script."""
    return "".join(ch for ch in to_ascii_digits(text or "").upper() if ch.isalnum())


def create_class(instructor, name):
    """A new class with a free join code; `instructor` None for a class an LMS course made on a student's launch."""
    for _ in range(10):
        try:
            with transaction.atomic():
                klass = Klass.objects.create(name=name.strip(), join_code=new_code())
        except IntegrityError:
            continue
        if instructor is not None:
            klass.instructors.add(instructor)
        return klass
    raise RuntimeError("Could not find a free join code.")


def regenerate_code(klass):
    for _ in range(10):
        klass.join_code = new_code()
        try:
            with transaction.atomic():
                klass.save(update_fields=["join_code"])
            return klass.join_code
        except IntegrityError:
            continue
    raise RuntimeError("Could not find a free join code.")


def join(student, code, now=None):
    """Makes the student a member. A student an instructor removed may come back with the code: they
    are a member again from now (`joined_at` renewed), so the class report counts their inactivity
    from their return rather than flagging them the minute they rejoin."""
    klass = Klass.objects.filter(join_code=clean_code(code)).first()
    if klass is None:
        raise JoinRefused("unknown")
    now = now or timezone.now()
    membership, created = Membership.objects.get_or_create(klass=klass, student=student, defaults={"joined_at": now})
    if not created:
        Membership.objects.filter(pk=membership.pk, removed_at__isnull=False).update(removed_at=None, joined_at=now)
    roster_changed(klass.pk)
    return klass


def leave(student, klass):
    """The student leaves the class themselves (a removal by an instructor is `remove`)."""
    Membership.objects.current().filter(klass=klass, student=student).delete()
    roster_changed(klass.pk)


def roster_revision(klass_id) -> int:
    """A number that changes whenever a student joins, leaves or is removed: a class report kept for
    a few minutes is drawn anew once its roster has changed, never showing a removed student."""
    return cache.get(f"roster:{klass_id}", 0)


def roster_changed(klass_id):
    try:
        cache.incr(f"roster:{klass_id}")
    except ValueError:
        cache.set(f"roster:{klass_id}", 1, None)


def members(klass):
    """The class's students, those an instructor removed left out."""
    return get_user_model().objects.filter(pk__in=Membership.objects.current().filter(klass=klass).values("student_id"))


def member_names(klass):
    """[(id, name shown, username)] of the class's students by username: plain rows, for a class
    of hundreds listed on one page (a whole user row each made most of that page's time)."""
    rows = members(klass).order_by("username").values_list("pk", "display_name", "username")
    return [(pk, display_name or username, username) for pk, display_name, username in rows]


def member(klass, student_id):
    """One current member of the class, or None."""
    return members(klass).filter(pk=student_id).first()


def joined_by(user):
    """The classes the person is a current student of."""
    return Klass.objects.filter(pk__in=Membership.objects.current().filter(student=user).values("klass_id"))


def with_member_counts(classes_qs):
    return classes_qs.annotate(
        student_count=Count("memberships", filter=Q(memberships__removed_at__isnull=True), distinct=True)
    )


def remove(klass, student, now=None) -> bool:
    """Removes a student from the class: their attempts and study progress are kept, and no longer
    shown to the class. False if they were not a member (or already removed: a double click)."""
    removed = Membership.objects.current().filter(klass=klass, student=student).update(removed_at=now or timezone.now())
    if removed:
        roster_changed(klass.pk)
    return bool(removed)


def assign(klass, question_set, due_date=None):
    assignment, _ = Assignment.objects.update_or_create(
        klass=klass, question_set=question_set, defaults={"due_date": due_date}
    )
    return assignment


def seen_by(user):
    """The classes a person teaches or is a current student of (every class for staff)."""
    if user.is_staff:
        return Klass.objects.all()
    return Klass.objects.filter(
        Q(pk__in=Klass.instructors.through.objects.filter(user_id=user.pk).values("klass_id"))
        | Q(pk__in=Membership.objects.current().filter(student=user).values("klass_id"))
    )


def taught_by(user):
    return Klass.objects.filter(instructors=user)


def managed_by(user):
    """The classes a person runs: those they teach, every class for staff (as in the admin)."""
    return Klass.objects.all() if user.is_staff else taught_by(user)
