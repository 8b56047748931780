"""The people a launch or a roster names: their role, and the account linked to the platform's
user id per issuer (never matched by e-mail)."""

import hashlib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from pylti1p3.roles import StudentRole, TeacherRole, TeachingAssistantRole

from ..models import INSTRUCTORS_GROUP, LtiUserLink

STUDENT, INSTRUCTOR = "student", "instructor"


def role_of(claims):
    """Instructor and TeachingAssistant (and the course's Administrator) teach; Learner studies."""
    if TeacherRole(claims).check() or TeachingAssistantRole(claims).check():
        return INSTRUCTOR
    if StudentRole(claims).check():
        return STUDENT
    return None


def username_for(issuer, subject):
    return "lti-" + hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()[:20]


def user_for(issuer, subject, name=""):
    """The account linked to the platform's user, made on their first launch. Never matched by e-mail."""
    link = LtiUserLink.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    if link is not None:
        return link.user
    User = get_user_model()
    with transaction.atomic():
        user, _created = User.objects.get_or_create(
            username=username_for(issuer, subject), defaults={"display_name": (name or "")[:150]}
        )
        if _created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        try:
            with transaction.atomic():
                LtiUserLink.objects.create(issuer=issuer, subject=subject, user=user)
        except IntegrityError:
            # Another launch of the same person linked them first.
            return LtiUserLink.objects.get(issuer=issuer, subject=subject).user
    return user


def make_instructor(user):
    group, _created = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
    user.groups.add(group)
