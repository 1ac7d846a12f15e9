from axes.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoginProtectionConfig(AppConfig):
    """django-axes, named for editors (its own name, "Axes", has no translation)."""

    verbose_name = _("Login protection")
