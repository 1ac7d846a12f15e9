from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Reference data")

    def ready(self):
        from . import checks  # noqa: F401  (registers them)
        from .models import PortalModel
        from .multilingual import share_queryset_classes

        share_queryset_classes()

        def prepare(sender, instance, **kwargs):
            if isinstance(instance, PortalModel):
                instance.clean_text()
                instance.derive_fields()

        # pre_save, not save(): fixtures and restores are loaded without calling save().
        pre_save.connect(prepare, dispatch_uid="core.prepare", weak=False)
