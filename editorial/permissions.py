"""The Editors and Publishers groups: what people who write and publish may do, and no more.

Editors add and change content and submit it for review. Publishers also publish, unpublish
and delete it (a deleted record can be recovered from its history). Neither manages users:
that stays with superusers.
"""

from django.contrib.auth.models import Group, Permission

EDITORS_GROUP = "Editors"
PUBLISHERS_GROUP = "Publishers"

#: Records editors add, change and view. They do not delete them: publishers do.
CONTENT_MODELS = {
    "core": ["country", "organisation", "topic"],
    "meetings": ["meetingseries", "meeting"],
    "plans": ["plan"],
    "news": ["article"],
    "pages": ["page"],
}
#: Rows edited inline inside a record; removing one is part of editing that record.
INLINE_MODELS = {
    "meetings": ["outcomedocument", "meetingplan"],
    "plans": ["thrust"],
}
#: Records that go through the workflow (their ``publish`` permission).
PUBLISHABLE_MODELS = {
    "meetings": ["meeting"],
    "plans": ["plan"],
    "news": ["article"],
    "pages": ["page"],
}


def permissions_for(models, actions):
    wanted = Permission.objects.none()
    for app_label, model_names in models.items():
        wanted |= Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model__in=model_names,
            codename__in=[f"{action}_{name}" for name in model_names for action in actions],
        )
    return wanted


def publish_permissions():
    wanted = Permission.objects.none()
    for app_label, model_names in PUBLISHABLE_MODELS.items():
        wanted |= Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model__in=model_names,
            codename="publish",
        )
    return wanted


def editor_permissions():
    return permissions_for(CONTENT_MODELS, ["add", "change", "view"]) | permissions_for(
        INLINE_MODELS, ["add", "change", "delete", "view"]
    )


def publisher_permissions():
    return (
        editor_permissions() | permissions_for(CONTENT_MODELS, ["delete"]) | publish_permissions()
    )


def sync_group(name, permissions):
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.set(permissions)
    return group


def sync_editor_group(**kwargs):
    """Create or update the Editors group so it holds exactly the editor permissions."""
    return sync_group(EDITORS_GROUP, editor_permissions())


def sync_publisher_group(**kwargs):
    """Create or update the Publishers group so it holds exactly the publisher permissions."""
    return sync_group(PUBLISHERS_GROUP, publisher_permissions())
