"""Settings for the test suite: the real settings, with a throwaway key and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
# Not the local run's var/.env (scripts/run.sh writes DEBUG=true there): tests run as production does.
os.environ.setdefault("DEBUG", "false")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
# Messages asserted in English unless a test chooses a language; kk stays the site default.
LANGUAGE_CODE = "en"
