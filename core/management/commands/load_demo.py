import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext_noop

from editorial.permissions import sync_editor_group, sync_publisher_group

DEMO_FIXTURES = ["demo_reference", "demo_meetings", "demo_plans", "demo_news", "demo_pages"]
VERSIONED_MODELS = [
    "core.Country",
    "core.Organisation",
    "core.Topic",
    "meetings.MeetingSeries",
    "meetings.Meeting",
    "plans.Plan",
    "news.Article",
    "pages.Page",
]
DEMO_MEDIA = Path(settings.BASE_DIR) / "fixtures" / "media"
DEMO_EDITOR = {"username": "editor", "password": "asean-demo-editor"}
DEMO_PUBLISHER = {"username": "publisher", "password": "asean-demo-publisher"}


class Command(BaseCommand):
    help = "Load the demo meetings, plans and news, copy their media and create a demo editor."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off (it creates an account with a published password).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "load_demo creates an account with a published password; "
                "run it with DEBUG on, or pass --allow-production."
            )
        copied = self.copy_media()
        with transaction.atomic():
            # One call, so records that point at each other across files load together.
            call_command("loaddata", *DEMO_FIXTURES, verbosity=0)
            # A first version in each record's history (none where one exists already).
            call_command(
                "createinitialrevisions",
                *VERSIONED_MODELS,
                # Kept untranslated: the history translates it for its reader.
                comment=gettext_noop("Demo content loaded."),
                verbosity=0,
            )
            created = self.ensure_demo_user(DEMO_EDITOR, sync_editor_group())
            created |= self.ensure_demo_user(DEMO_PUBLISHER, sync_publisher_group())
        if not options["verbosity"]:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content loaded ({copied} media file(s) copied"
                f"{', demo accounts created' if created else ''})."
            )
        )
        self.stdout.write(
            f"Log in at /admin/ as '{DEMO_EDITOR['username']}' "
            f"with password '{DEMO_EDITOR['password']}' (an Editor), or as "
            f"'{DEMO_PUBLISHER['username']}' with password '{DEMO_PUBLISHER['password']}' "
            "(a Publisher)."
        )

    def copy_media(self):
        copied = 0
        for source in sorted(DEMO_MEDIA.rglob("*")):
            if not source.is_file():
                continue
            target = Path(settings.MEDIA_ROOT) / source.relative_to(DEMO_MEDIA)
            if target.exists() and target.read_bytes() == source.read_bytes():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            copied += 1
        return copied

    def ensure_demo_user(self, account, group):
        user, created = get_user_model().objects.get_or_create(
            username=account["username"], defaults={"is_staff": True}
        )
        if created:
            user.set_password(account["password"])
            user.save()
        user.groups.add(group)
        return created
