from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Reference data")

    def ready(self):
        from . import checks  # noqa: F401  (registers them)
        from .models import PortalModel
        from .permissions import sync_editor_group, sync_publisher_group

        def prepare(sender, instance, **kwargs):
            if isinstance(instance, PortalModel):
                instance.clean_text()
                instance.derive_fields()

        # pre_save, not save(): fixtures and restores are loaded without calling save().
        pre_save.connect(prepare, dispatch_uid="core.prepare", weak=False)

        # Every app's post_migrate, not just ours: the permissions of apps listed after
        # core only exist once their own migrations have run.
        post_migrate.connect(sync_editor_group, dispatch_uid="core.sync_editor_group")
        post_migrate.connect(sync_publisher_group, dispatch_uid="core.sync_publisher_group")
