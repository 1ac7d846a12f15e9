from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """How content is written, reviewed and published: the workflow, working copies of
    published records, history and compare, conflicts and merges, the roles' permissions."""

    name = "editorial"
    verbose_name = _("Editorial work")

    def ready(self):
        from core.models import PublishableModel

        from .models import WorkingCopy
        from .permissions import sync_editor_group, sync_publisher_group

        def forget_working_copy(sender, instance, **kwargs):
            if isinstance(instance, PublishableModel):
                WorkingCopy.objects.of_model(sender).filter(object_id=instance.pk).delete()

        post_delete.connect(
            forget_working_copy, dispatch_uid="editorial.forget_working_copy", weak=False
        )

        # Every app's post_migrate, not just ours: the permissions of apps listed after
        # this one only exist once their own migrations have run.
        post_migrate.connect(sync_editor_group, dispatch_uid="editorial.sync_editor_group")
        post_migrate.connect(sync_publisher_group, dispatch_uid="editorial.sync_publisher_group")
