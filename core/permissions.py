"""The Editors group: what a person who writes content may do, and nothing more."""

from django.contrib.auth.models import Group, Permission

EDITORS_GROUP = "Editors"

#: Records editors add, change and view. They do not delete them: that stays with managers.
CONTENT_MODELS = {
    "core": ["country", "organisation", "topic"],
    "meetings": ["meetingseries", "meeting"],
    "plans": ["plan"],
    "news": ["article"],
}
#: Rows edited inline inside a record; removing one is part of editing that record.
INLINE_MODELS = {
    "meetings": ["outcomedocument", "meetingplan"],
    "plans": ["thrust"],
}


def editor_permissions():
    wanted = Permission.objects.none()
    for models, actions in (
        (CONTENT_MODELS, ["add", "change", "view"]),
        (INLINE_MODELS, ["add", "change", "delete", "view"]),
    ):
        for app_label, model_names in models.items():
            wanted |= Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model__in=model_names,
                codename__in=[f"{action}_{name}" for name in model_names for action in actions],
            )
    return wanted


def sync_editor_group(**kwargs):
    """Create or update the Editors group so it holds exactly the editor permissions."""
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(editor_permissions())
    return group
