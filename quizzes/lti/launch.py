"""What a validated launch does here: the person's account (by the platform's user id per issuer),
their role, the course as a class with them in it, and what the link opens. pylti1p3 has checked
the signature, state, nonce and deployment before anything here runs."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import classes
from ..models import LtiCourse, LtiLineItem, LtiUsedNonce, Membership, QuestionSet, Quiz
from ..refusals import Refused
from . import deep_linking, grades, roster
from .accounts import INSTRUCTOR, make_instructor, role_of, user_for

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
CONTEXT = CLAIM + "context"
DEPLOYMENT = CLAIM + "deployment_id"
RESOURCE_LINK = CLAIM + "resource_link"
CUSTOM = CLAIM + "custom"
PRESENTATION = CLAIM + "launch_presentation"
MESSAGE_TYPE = CLAIM + "message_type"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"


class LaunchRefused(Refused):
    """The launch is not accepted; `message` says why."""


@dataclass
class Launched:
    user_id: int
    role: str
    klass_id: int | None
    # What the link opens: ("quiz", pk), ("set", slug), or None (the class page, or the dashboard).
    target: tuple | None
    deep_linking: bool
    # The instructor removed this student from the class: the launch signs them in, and says so.
    removed: bool = False


def course_for(platform, deployment_id, context, memberships_url=""):
    """The class kept for the LMS course, made on the course's first launch."""
    context_id = str(context.get("id") or "")[:255]
    title = str(context.get("title") or context.get("label") or context_id)[:150]
    course = LtiCourse.objects.select_related("klass").filter(
        issuer=platform.issuer, deployment_id=deployment_id, context_id=context_id
    )
    found = course.first()
    if found is None:
        with transaction.atomic():
            klass = classes.create_class(None, title or _("Class from the LMS"))
            try:
                with transaction.atomic():
                    found = LtiCourse.objects.create(
                        platform=platform,
                        issuer=platform.issuer,
                        deployment_id=deployment_id,
                        context_id=context_id,
                        klass=klass,
                    )
            except IntegrityError:
                klass.delete()
                found = course.get()
    if memberships_url and memberships_url != found.memberships_url:
        LtiCourse.objects.filter(pk=found.pk).update(memberships_url=memberships_url[:500])
        found.memberships_url = memberships_url[:500]
    return found


def use_nonce(issuer, nonce, now):
    """Records the launch's nonce; the same launch sent again is refused."""
    try:
        with transaction.atomic():
            LtiUsedNonce.objects.create(issuer=issuer, nonce=str(nonce)[:255], expires_at=now + timedelta(days=2))
    except IntegrityError:
        raise LaunchRefused(_("This launch was used already. Open the tool again from your course.")) from None


def target_of(custom):
    """What a placed link opens, from the signed placement deep linking gave it: ("quiz", pk), ("set", slug) or None."""
    found = deep_linking.placed(custom.get("placed")) if isinstance(custom, dict) else None
    if found is None:
        return None
    kind, value = found
    if kind == "quiz":
        quiz = Quiz.objects.filter(pk=value).first() if isinstance(value, int) else None
        return ("quiz", quiz.pk) if quiz else None
    qset = QuestionSet.objects.filter(uuid=_uuid_or_none(value)).first()
    return ("set", qset.slug) if qset else None


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def place_in_class(klass, target):
    """The placed quiz is set for the course's class, the placed set assigned to it."""
    kind, value = target
    if kind == "quiz":
        Quiz.objects.get(pk=value).classes.add(klass)
    elif not klass.assignments.filter(question_set__slug=value).exists():
        classes.assign(klass, QuestionSet.objects.get(slug=value))


def record_line_item(course, resource_link_id, target, lineitem_url):
    """Keeps which gradebook column a placed quiz (or graded set) reports to."""
    if not resource_link_id or target is None or not lineitem_url:
        return
    kind, value = target
    fields = {"quiz_id": value, "question_set": None} if kind == "quiz" else {}
    if kind == "set":
        fields = {"quiz": None, "question_set": QuestionSet.objects.get(slug=value)}
    LtiLineItem.objects.update_or_create(
        course=course,
        resource_link_id=resource_link_id[:255],
        defaults={**fields, "lineitem_url": lineitem_url[:500], "score_maximum": grades.score_maximum(target)},
    )
    if kind == "set":
        grades.forget_placements(fields["question_set"].pk)


def accept(platform, claims, now) -> Launched:
    """Signs the person in as the launch says, refusing a replayed launch and an unknown role."""
    use_nonce(platform.issuer, claims.get("nonce"), now)
    role = role_of(claims)
    if role is None:
        raise LaunchRefused(_("The tool is for learners and instructors; your role in this course is neither."))
    name = claims.get("name") or " ".join(filter(None, [claims.get("given_name"), claims.get("family_name")]))
    user = user_for(platform.issuer, str(claims.get("sub") or ""), str(name or ""))
    if role == INSTRUCTOR:
        make_instructor(user)
    deep_linking = claims.get(MESSAGE_TYPE) == "LtiDeepLinkingRequest"
    context = claims.get(CONTEXT) if isinstance(claims.get(CONTEXT), dict) else None
    course, removed = None, False
    if context and context.get("id"):
        nrps = claims.get(NRPS) if isinstance(claims.get(NRPS), dict) else {}
        course = course_for(platform, claims[DEPLOYMENT], context, str(nrps.get("context_memberships_url") or ""))
        if role == INSTRUCTOR:
            course.klass.instructors.add(user)
            if course.memberships_url:
                roster.sync_wanted(course.pk)
        else:
            removed = not roster.enrol(course, user, now)
    target = None
    if not deep_linking:
        target = target_of(claims.get(CUSTOM))
        link = claims.get(RESOURCE_LINK) if isinstance(claims.get(RESOURCE_LINK), dict) else {}
        ags = claims.get(AGS) if isinstance(claims.get(AGS), dict) else {}
        if course is not None and target is not None:
            place_in_class(course.klass, target)
            record_line_item(course, str(link.get("id") or ""), target, str(ags.get("lineitem") or ""))
    return Launched(user.pk, role, course.klass_id if course else None, target, deep_linking, removed)


def is_member(klass_id, user_id):
    return Membership.objects.current().filter(klass_id=klass_id, student_id=user_id).exists()
