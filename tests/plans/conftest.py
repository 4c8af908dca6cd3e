import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas make six users per test; the production hasher would take most of the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
