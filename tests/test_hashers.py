"""Passwords are hashed with Argon2id at a chosen cost; hashes made before keep working and are upgraded."""

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password

from quizsite import settings as project_settings
from quizsite.hashers import Argon2idPasswordHasher

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_hashers(settings):
    # The tests' own fast hasher (conftest.py) gives way to the project's list.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_a_new_password_is_hashed_with_argon2id_at_the_chosen_cost(real_hashers):
    encoded = make_password("a-real-password-for-a-student")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert isinstance(identify_hasher(encoded), Argon2idPasswordHasher)


def test_a_pbkdf2_password_still_logs_in_and_is_upgraded(real_hashers, client, django_user_model):
    user = django_user_model.objects.create(username="old-account")
    user.password = make_password("an-old-password-of-theirs", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = client.post("/accounts/login/", {"username": "old-account", "password": "an-old-password-of-theirs"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
