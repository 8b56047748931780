"""The tool's signing keys: made, rotated, and published as a keyset (a retired key until it expires)."""

import json
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from jwcrypto.jwk import JWK

from ..models import LtiToolKey


def retired_key_lifetime():
    return timedelta(hours=settings.LTI_RETIRED_KEY_HOURS)


def _new_key(now):
    jwk = JWK.generate(kty="RSA", size=2048)
    kid = jwk.thumbprint()
    public = json.loads(jwk.export_public())
    public.update(kid=kid, alg="RS256", use="sig")
    pem = jwk.export_to_pem(private_key=True, password=None).decode()
    return LtiToolKey.objects.create(kid=kid, private_key_pem=pem, public_jwk=public, created_at=now)


def current_key(now):
    """The key that signs now: the newest one not retired, made on first use."""
    key = LtiToolKey.objects.filter(retired_at__isnull=True).order_by("-created_at", "-pk").first()
    return key or _new_key(now)


def rotate(now):
    """Retires the signing key (published until it expires) and makes a new one; returns the new key."""
    with transaction.atomic():
        LtiToolKey.objects.filter(retired_at__isnull=True).update(
            retired_at=now, expires_at=now + retired_key_lifetime()
        )
        return _new_key(now)


def published(now):
    """The keys a platform may check our signatures with: the current ones and the retired not yet expired."""
    return LtiToolKey.objects.filter(Q(retired_at__isnull=True) | Q(expires_at__gt=now)).order_by("-created_at")


def jwks(now):
    current_key(now)
    return {"keys": [key.public_jwk for key in published(now)]}
