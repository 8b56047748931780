"""The LMS course's class list kept in step through Names and Role Provisioning Services.

How the sync and an instructor's "remove a student" agree: the sync adds a student the LMS lists
who has no membership yet, and removes a student it added once the LMS no longer lists them
(marking the roster entry `dropped_at`). An instructor's removal is final for the sync: a student
an instructor removed is never added back by a sync or by their own launch, only by the
instructor's class code as for any class. Only a removal the sync made is undone when the LMS
lists the student again. Students who joined with the class code are never touched by the sync.
"""

import logging

from django.db import transaction
from django.utils import timezone
from pylti1p3.exception import LtiException
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector
from requests import RequestException

from .. import classes
from ..models import LtiCourse, LtiRosterEntry, Membership
from . import config
from .accounts import INSTRUCTOR, STUDENT, make_instructor, role_of, user_for

log = logging.getLogger(__name__)


def enrol(course, student, now) -> bool:
    """Makes the launching student a member of the course's class; False if an instructor removed them."""
    membership = Membership.objects.filter(klass_id=course.klass_id, student=student).first()
    entry, _created = LtiRosterEntry.objects.get_or_create(course=course, student=student)
    if membership is None:
        Membership.objects.get_or_create(klass_id=course.klass_id, student=student, defaults={"joined_at": now})
        classes.roster_changed(course.klass_id)
        return True
    if membership.removed_at is None:
        return True
    if entry.dropped_at is not None:
        _readmit(course, entry, now)
        return True
    return False


def _readmit(course, entry, now):
    Membership.objects.filter(klass_id=course.klass_id, student_id=entry.student_id).update(
        removed_at=None, joined_at=now
    )
    LtiRosterEntry.objects.filter(pk=entry.pk).update(dropped_at=None)
    classes.roster_changed(course.klass_id)


def apply_roster(course, members, now):
    """Brings the class in step with the LMS's list of members (NRPS `members` rows). Returns
    (added, dropped) counts."""
    listed, added, dropped = set(), 0, 0
    for member in members:
        if not isinstance(member, dict) or not member.get("user_id"):
            continue
        if member.get("status", "Active") != "Active":
            continue
        role = role_of({"https://purl.imsglobal.org/spec/lti/claim/roles": member.get("roles") or []})
        name = member.get("name") or " ".join(filter(None, [member.get("given_name"), member.get("family_name")]))
        if role == INSTRUCTOR:
            user = user_for(course.issuer, str(member["user_id"])[:255], str(name or ""))
            make_instructor(user)
            course.klass.instructors.add(user)
        elif role == STUDENT:
            user = user_for(course.issuer, str(member["user_id"])[:255], str(name or ""))
            listed.add(user.pk)
            was_member = Membership.objects.current().filter(klass_id=course.klass_id, student=user).exists()
            if enrol(course, user, now) and not was_member:
                added += 1
    for entry in LtiRosterEntry.objects.filter(course=course, dropped_at__isnull=True).exclude(student_id__in=listed):
        with transaction.atomic():
            if classes.remove(course.klass, entry.student, now):
                LtiRosterEntry.objects.filter(pk=entry.pk).update(dropped_at=now)
                dropped += 1
    LtiCourse.objects.filter(pk=course.pk).update(synced_at=now)
    return added, dropped


def fetch_members(course):
    """The course's members as the platform's roster service lists them (every page)."""
    connector = ServiceConnector(config.registration(course.platform))
    service = NamesRolesProvisioningService(connector, {"context_memberships_url": course.memberships_url})
    return service.get_members()


def sync_roster(course_id, now=None):
    """Fetches the roster and applies it; a platform that fails is logged and tried at the next launch."""
    course = LtiCourse.objects.select_related("platform", "klass").filter(pk=course_id).first()
    if course is None or not course.memberships_url:
        return None
    try:
        members = fetch_members(course)
    except (LtiException, RequestException) as error:
        log.warning("LTI roster of course %s not fetched: %s", course_id, str(error)[:300])
        return None
    return apply_roster(course, members, now or timezone.now())


def sync_wanted(course_id):
    """Asks for a roster sync once the current transaction commits (an instructor's launch)."""
    transaction.on_commit(lambda: sync_roster(course_id))
