import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.backups import DATA, FORMAT, MANIFEST, load_records, media_files, media_target
from core.models import PortalModel
from pagecache import signals as pagecache_signals
from pagecache.generation import invalidate_pages
from search import signals as search_signals
from search.index import rebuild


def open_archive(path):
    try:
        return tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise CommandError(f"{path} is not a backup archive: {error}") from None


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into a new, empty database and an empty "
        "media folder: every record, version and upload comes back."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")

    def handle(self, archive, **options):
        with open_archive(archive) as tar:
            manifest = self.read_manifest(tar)
            uploads = self.uploads_of(tar)
            call_command("migrate", interactive=False, verbosity=0)
            self.check_empty(uploads)
            with tempfile.TemporaryDirectory() as workdir:
                data = Path(workdir, DATA)
                with tar.extractfile(DATA) as source, data.open("wb") as target:
                    shutil.copyfileobj(source, target)
                # The index and the cached pages are rebuilt once, after every record.
                with search_signals.paused(), pagecache_signals.paused(), transaction.atomic():
                    load_records(data)
            for member, target in uploads:
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as source, target.open("xb") as copy:
                    shutil.copyfileobj(source, copy)
        indexed = rebuild()
        invalidate_pages()
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored {manifest['records']} records and {len(uploads)} media files "
                    f"from a backup of {manifest['created']}; indexed for search: "
                    + ", ".join(f"{kind} {count}" for kind, count in indexed.items())
                    + "."
                )
            )

    def read_manifest(self, tar):
        try:
            manifest = json.load(tar.extractfile(MANIFEST))
            tar.getmember(DATA)
        except (KeyError, ValueError, TypeError):
            raise CommandError("This archive was not written by `manage.py backup`.") from None
        if manifest.get("format") != FORMAT:
            raise CommandError(f"Backup format {manifest.get('format')} is not {FORMAT}.")
        return manifest

    def uploads_of(self, tar):
        """Each upload in the archive with where it goes; an archive naming a file outside
        the media folder, or anything but plain files, is refused whole."""
        uploads = []
        for member in tar.getmembers():
            if member.name in (MANIFEST, DATA) or (member.isdir() and member.name == "media"):
                continue
            target = media_target(member.name)
            if target is None or not (member.isfile() or member.isdir()):
                raise CommandError(f"Refusing the archive: it holds {member.name!r}.")
            if member.isfile():
                uploads.append((member, target))
        return uploads

    def check_empty(self, uploads):
        content = any(
            model._default_manager.exists()
            for model in apps.get_models()
            if issubclass(model, PortalModel)
        )
        if content or get_user_model().objects.exists():
            raise CommandError(
                "The database already has content or accounts: restore into a new, empty one "
                "(set DATABASE_URL to it), so nothing is mixed or overwritten."
            )
        if any(True for _file in media_files()):
            raise CommandError(
                "The media folder (MEDIA_ROOT) already has files: restore into an empty one."
            )
