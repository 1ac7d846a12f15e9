import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from core.backups import DATA, FORMAT, MANIFEST, consistent_snapshot, media_files, write_records


class Command(BaseCommand):
    help = (
        "Write the database (portable JSON lines) and the uploads into one .tar.gz archive, "
        "which `restore` reads back into a new database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="Where to write it (default: backups/asean-portal-<date>-<time>.tar.gz).",
        )

    def handle(self, archive=None, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        path = Path(archive or Path(settings.BASE_DIR, "backups", f"asean-portal-{stamp}.tar.gz"))
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside it first: a backup that fails half-way never looks complete.
        partial = path.with_name(path.name + ".partial")
        with tempfile.TemporaryDirectory() as workdir:
            data = Path(workdir, DATA)
            with consistent_snapshot():
                with data.open("w", encoding="utf-8") as stream:
                    write_records(stream)
                migrations = sorted(MigrationRecorder(connection).applied_migrations())
            files = list(media_files())
            manifest = {
                "format": FORMAT,
                "created": timezone.now().isoformat(),
                "database": connection.vendor,
                "records": sum(1 for _line in data.open(encoding="utf-8")),
                "media_files": len(files),
                "migrations": [f"{app}.{name}" for app, name in migrations],
                "apps": sorted(config.label for config in apps.get_app_configs()),
            }
            # It holds password hashes: readable by its owner only.
            with (
                os.fdopen(
                    os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb"
                ) as out,
                tarfile.open(fileobj=out, mode="w:gz") as tar,
            ):
                encoded = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(encoded), int(timezone.now().timestamp())
                tar.addfile(info, io.BytesIO(encoded))
                tar.add(data, DATA)
                for file, name in files:
                    tar.add(file, name)
        partial.replace(path)
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Backup written to {path}: {manifest['records']} records, "
                    f"{manifest['media_files']} media files."
                )
            )
