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

        def derive_fields(sender, instance, **kwargs):
            if isinstance(instance, PortalModel):
                instance.derive_fields()

        # pre_save, not save(): fixtures are loaded without calling save().
        pre_save.connect(derive_fields, dispatch_uid="core.derive_fields", weak=False)

        # Every app's post_migrate, not just ours: the permissions of apps listed after
        # core only exist once their own migrations have run.
        post_migrate.connect(sync_editor_group, dispatch_uid="core.sync_editor_group")
        post_migrate.connect(sync_publisher_group, dispatch_uid="core.sync_publisher_group")
