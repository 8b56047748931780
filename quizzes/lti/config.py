"""What pylti1p3 asks of the tool: its registrations and deployments (from LtiPlatform rows) and a
launch storage (state, nonce, launch data) in the database that every server process shares."""

import hashlib
from datetime import timedelta

from django.utils import timezone
from pylti1p3.deployment import Deployment
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.registration import Registration
from pylti1p3.tool_config.abstract import ToolConfAbstract

from ..models import LtiLaunchValue, LtiPlatform, LtiUsedNonce
from . import keys

# How long a login's state and nonce, and a launch's data, are kept.
LAUNCH_DATA_SECONDS = 2 * 3600


class ToolRegistration(Registration):
    """A registration signing with our current key and naming it by its own kid."""

    _kid = None

    def get_kid(self):
        return self._kid

    def get_jwks(self):
        return keys.jwks(timezone.now())["keys"]


def registration(platform, now=None):
    key = keys.current_key(now or timezone.now())
    reg = ToolRegistration()
    reg.set_issuer(platform.issuer).set_client_id(platform.client_id).set_key_set_url(platform.key_set_url)
    reg.set_auth_login_url(platform.auth_login_url).set_auth_token_url(platform.auth_token_url)
    reg.set_auth_audience(platform.auth_audience or None).set_tool_private_key(key.private_key_pem)
    reg._kid = key.kid
    return reg


def find_platform(issuer, client_id=None):
    """The platform registered for this issuer (and client id, when the platform sends one)."""
    found = LtiPlatform.objects.filter(issuer=issuer or "")
    if client_id:
        found = found.filter(client_id=client_id)
    found = list(found[:2])
    return found[0] if len(found) == 1 else None


class DatabaseToolConf(ToolConfAbstract):
    """Every issuer may have several client ids (one per registration), as pylti1p3 advises."""

    def __init__(self):
        self.issuers_relation_types = {}

    def check_iss_has_one_client(self, iss):
        return False

    def check_iss_has_many_clients(self, iss):
        return True

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        return self.find_registration_by_params(iss, None)

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        platform = find_platform(iss, client_id)
        return registration(platform) if platform else None

    def find_deployment(self, iss, deployment_id):
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        platform = find_platform(iss, client_id)
        if platform is None or not isinstance(deployment_id, str) or deployment_id not in platform.deployment_ids:
            return None
        return Deployment().set_deployment_id(deployment_id)


def _stored_key(key):
    # The state in a key comes from the request: hashed, it always fits the column.
    return hashlib.sha256(key.encode()).hexdigest()


class DatabaseLaunchStorage(LaunchDataStorage):
    """pylti1p3's launch storage in LtiLaunchValue rows. Over HTTPS its keys are bound to the
    browser by pylti1p3's own session cookie, as its cache storage does."""

    def get_session_cookie_name(self):
        if self._request is None or not self._request.is_secure():
            return None
        return super().get_session_cookie_name()

    def can_set_keys_expiration(self):
        return True

    def get_value(self, key):
        row = (
            LtiLaunchValue.objects.filter(key=_stored_key(self._prepare_key(key)), expires_at__gt=timezone.now())
            .only("value")
            .first()
        )
        return row.value if row else None

    def set_value(self, key, value, exp=None):
        expires_at = timezone.now() + timedelta(seconds=exp or LAUNCH_DATA_SECONDS)
        LtiLaunchValue.objects.update_or_create(
            key=_stored_key(self._prepare_key(key)), defaults={"value": value, "expires_at": expires_at}
        )

    def take(self, key):
        """The value, once: whoever deletes the row first gets it (a one-time link opened twice works once)."""
        stored = _stored_key(self._prepare_key(key))
        row = LtiLaunchValue.objects.filter(key=stored, expires_at__gt=timezone.now()).first()
        if row is None or not LtiLaunchValue.objects.filter(pk=row.pk).delete()[0]:
            return None
        return row.value

    def check_value(self, key):
        return self.get_value(key) is not None


def forget_expired(now):
    """Drops launch values and used nonces past their time (asked at each login, so the tables stay small)."""
    LtiLaunchValue.objects.filter(expires_at__lte=now).delete()
    LtiUsedNonce.objects.filter(expires_at__lte=now).delete()
