"""A small simulated LMS for the LTI tests: its own RSA key, its keyset, token and score endpoints
(answered through `responses`), and launches signed with PyJWT as a real platform signs them."""

import json
import time
import uuid
from urllib.parse import parse_qs, urlsplit

import jwt
import responses
from jwcrypto.jwk import JWK

from quizzes.models import LtiPlatform

ISSUER = "https://lms.example.edu"
CLIENT_ID = "quiz-tool-client"
DEPLOYMENT = "deployment-1"
JWKS_URL = ISSUER + "/mod/lti/certs.php"
AUTH_URL = ISSUER + "/mod/lti/auth.php"
TOKEN_URL = ISSUER + "/mod/lti/token.php"
LINEITEM_URL = ISSUER + "/mod/lti/services.php/2/lineitems/7/lineitem"
MEMBERSHIPS_URL = ISSUER + "/mod/lti/services.php/CourseSection/2/bindings/1/memberships"
RETURN_URL = ISSUER + "/mod/lti/contentitem_return.php"
C = "https://purl.imsglobal.org/spec/lti/claim/"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


class Platform:
    def __init__(self):
        self.key = JWK.generate(kty="RSA", size=2048)
        self.kid = "platform-key-1"
        self.scores = []
        self.members = []
        self.score_status = 200

    def register(self, **fields):
        values = {
            "name": "Moodle",
            "issuer": ISSUER,
            "client_id": CLIENT_ID,
            "deployment_ids": [DEPLOYMENT],
            "key_set_url": JWKS_URL,
            "auth_login_url": AUTH_URL,
            "auth_token_url": TOKEN_URL,
        }
        return LtiPlatform.objects.create(**{**values, **fields})

    def jwks(self):
        public = json.loads(self.key.export_public())
        public.update(kid=self.kid, alg="RS256", use="sig")
        return {"keys": [public]}

    def serve(self, rsps):
        """Answers the HTTP calls pylti1p3 makes to the platform."""
        rsps.add(responses.GET, JWKS_URL, json=self.jwks())
        rsps.add(responses.POST, TOKEN_URL, json={"access_token": "platform-token", "token_type": "Bearer"})
        rsps.add_callback(responses.POST, LINEITEM_URL + "/scores", callback=self._score)
        rsps.add_callback(responses.GET, MEMBERSHIPS_URL, callback=self._members)

    def _score(self, request):
        self.scores.append(json.loads(request.body))
        return (self.score_status, {}, "")

    def _members(self, request):
        return (200, {}, json.dumps({"id": MEMBERSHIPS_URL, "members": self.members}))

    def sign(self, body, kid=None):
        pem = self.key.export_to_pem(private_key=True, password=None)
        return jwt.encode(body, pem, algorithm="RS256", headers={"kid": kid or self.kid})

    def claims(self, nonce, *, sub="student-1", roles=(LEARNER,), **extra):
        now = int(time.time())
        body = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": sub,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "name": "طالب من المنصة",
            C + "deployment_id": DEPLOYMENT,
            C + "message_type": "LtiResourceLinkRequest",
            C + "version": "1.3.0",
            C + "target_link_uri": "http://testserver/lti/launch/",
            C + "resource_link": {"id": "link-1"},
            C + "roles": list(roles),
            C + "context": {"id": "course-2", "title": "Arabic 101"},
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": MEMBERSHIPS_URL,
                "service_versions": ["2.0"],
            },
        }
        body.update(extra)
        return body

    def login(self, client):
        """The platform's OIDC login initiation; returns (state, nonce) from the tool's redirect."""
        response = client.post(
            "/lti/launch/",
            {
                "iss": ISSUER,
                "login_hint": "hint",
                "target_link_uri": "http://testserver/lti/launch/",
                "client_id": CLIENT_ID,
            },
        )
        assert response.status_code == 302, response.content
        query = parse_qs(urlsplit(response["Location"]).query)
        assert response["Location"].startswith(AUTH_URL)
        return query["state"][0], query["nonce"][0]

    def launch(self, client, *, change=None, **claims):
        """Logs in, then posts the signed id_token as the platform's auto-submitted form does."""
        state, nonce = self.login(client)
        body = self.claims(nonce, **claims)
        if change:
            change(body)
        token = self.sign(body)
        return client.post("/lti/launch/", {"id_token": token, "state": state}), token, state


def new_nonce():
    return uuid.uuid4().hex
