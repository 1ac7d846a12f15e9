from django.conf.locale.vi.formats import *  # noqa: F403

from asean_portal.formats import *  # noqa: F403
