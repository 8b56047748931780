"""Classes: join codes, membership and the sets assigned to each class."""

import secrets

from django.db import IntegrityError, transaction

from .arabic import to_ascii_digits
from .models import Assignment, Klass

# No 0/O, 1/I/L: a code read aloud or copied from a board is typed right the first time.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 7


class JoinRefused(Exception):
    pass


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(text):
    """What a student typed, as a code: upper case, no spaces or dashes, any digit script."""
    return "".join(ch for ch in to_ascii_digits(text or "").upper() if ch.isalnum())


def create_class(instructor, name):
    for _ in range(10):
        try:
            with transaction.atomic():
                klass = Klass.objects.create(name=name.strip(), join_code=new_code())
        except IntegrityError:
            continue
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


def join(student, code):
    klass = Klass.objects.filter(join_code=clean_code(code)).first()
    if klass is None:
        raise JoinRefused("unknown")
    klass.students.add(student)
    return klass


def assign(klass, question_set, due_date=None):
    assignment, _ = Assignment.objects.update_or_create(
        klass=klass, question_set=question_set, defaults={"due_date": due_date}
    )
    return assignment


def taught_by(user):
    return Klass.objects.filter(instructors=user)


def managed_by(user):
    """The classes a person runs: those they teach, every class for staff (as in the admin)."""
    return Klass.objects.all() if user.is_staff else taught_by(user)
