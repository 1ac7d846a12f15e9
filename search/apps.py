from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import signals
        from .index import rebuild_if_pending

        signals.connect()
        # Sent once per app with models, after every migration has run; this app has none.
        core = apps.get_app_config("core")
        post_migrate.connect(rebuild_if_pending, sender=core, dispatch_uid="search-rebuild")
