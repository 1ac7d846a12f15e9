"""Local development: DEBUG on, a throwaway secret key unless one is given."""

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"  # noqa: F405
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
