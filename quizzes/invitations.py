"""Invitations to become an instructor: a staff member makes one, a colleague who follows its link
and accepts becomes an instructor. Used once, expiring, revocable; only a hash of the token is
stored, so the link is shown once, when it is made."""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import Group
from django.db import transaction

from .models import INSTRUCTORS_GROUP, InstructorInvitation
from .refusals import RefusedFor

LIFETIME = timedelta(days=14)
# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")


class InvitationRefused(RefusedFor):
    """Why a link does not make an instructor: malformed, unknown, expired, revoked or used."""


@dataclass(frozen=True)
class InvitationRow:
    id: int
    note: str
    created_by: str
    created_at: datetime
    expires_at: datetime
    status: str
    accepted_by: str


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def create(staff, note, now) -> tuple[InstructorInvitation, str]:
    """A new invitation and its token (shown once: only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    invitation = InstructorInvitation.objects.create(
        token_hash=_hash(token), created_by=staff, note=note.strip()[:200], created_at=now, expires_at=now + LIFETIME
    )
    return invitation, token


def status(invitation, now) -> str:
    if invitation.accepted_at is not None:
        return "used"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= now:
        return "expired"
    return "open"


def find(token, now) -> InstructorInvitation:
    """The open invitation of this token; InvitationRefused otherwise, before any write."""
    if not isinstance(token, str) or not TOKEN_RE.match(token):
        raise InvitationRefused("malformed")
    invitation = InstructorInvitation.objects.filter(token_hash=_hash(token)).first()
    if invitation is None:
        raise InvitationRefused("unknown")
    state = status(invitation, now)
    if state != "open":
        raise InvitationRefused(state)
    return invitation


def is_instructor(user) -> bool:
    return user.is_instructor or user.is_staff


def accept(token, user, now) -> InstructorInvitation:
    """Makes the person an instructor with the invitation, once: the acceptance is a conditional
    UPDATE, so a double click (or two people with one link) makes one instructor. The same
    person accepting again is no error. Someone who already is an instructor leaves it unused."""
    if TOKEN_RE.match(token or ""):
        used = InstructorInvitation.objects.filter(token_hash=_hash(token), accepted_by=user).first()
        if used is not None:
            return used
    invitation = find(token, now)
    if is_instructor(user):
        raise InvitationRefused("already")
    with transaction.atomic():
        taken = InstructorInvitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).update(accepted_by=user, accepted_at=now)
        if not taken:
            raise InvitationRefused("used")
        user.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
    invitation.refresh_from_db()
    return invitation


def revoke(invitation_id, now) -> bool:
    """Revokes an invitation not yet used; False if it was used or revoked already."""
    return bool(
        InstructorInvitation.objects.filter(pk=invitation_id, accepted_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
    )


def listing(now, *, limit=200) -> list[InvitationRow]:
    """Every invitation, newest first, with its state, in one query."""
    found = InstructorInvitation.objects.select_related("created_by", "accepted_by").order_by("-created_at")[:limit]
    return [
        InvitationRow(
            id=i.pk,
            note=i.note,
            created_by=str(i.created_by or ""),
            created_at=i.created_at,
            expires_at=i.expires_at,
            status=status(i, now),
            accepted_by=str(i.accepted_by or ""),
        )
        for i in found
    ]
