from django.conf.locale.en.formats import *  # noqa: F403

from asean_portal.formats import *  # noqa: F403
