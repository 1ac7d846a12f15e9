"""`manage.py backup` and `restore`: one archive with the database and the uploads, restored
into a new database (SQLite or PostgreSQL, whichever the tests run on) with every record,
version and file back."""

import hashlib
import io
import tarfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from core.backups import EXCLUDED_MODELS
from core.models import AdminPreference, Workflow
from news.models import Article
from search.backends import KINDS

from .admin_forms import admin_post_data
from .conftest import image_bytes
from .factories import ArticleFactory
from .servers import manage, postgres_database, site_environment

pytestmark = pytest.mark.django_db
DUMP = ["--natural-foreign", "--natural-primary", "--format", "jsonl"]
DUMP += [option for model in EXCLUDED_MODELS for option in ("--exclude", model)]


@pytest.fixture
def site_with_history(settings, tmp_path, editor_client, editor):
    """The demo, a draft article with an uploaded image, edited in the admin (a second version
    and a log entry), changes to a published one awaiting review, and an editor's admin
    language."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", allow_production=True, verbosity=0)
    article = ArticleFactory(
        state=Workflow.DRAFT,
        image=SimpleUploadedFile("anh.jpg", image_bytes(noise=True)),
        image_alt_vi="Ảnh thử",
    )
    for record in (article, Article.objects.published().first()):
        url = reverse("admin:news_article_change", args=[record.pk])
        data = admin_post_data(editor_client.get(url), title_en="Edited")
        assert editor_client.post(url, data).status_code == 302
    AdminPreference.objects.create(user=editor, language="en")
    # A time a few microseconds past a whole second: exact, or it comes back without them.
    article.published_at = article.published_at.replace(microsecond=123)
    type(article).objects.filter(pk=article.pk).update(published_at=article.published_at)


def searchable_models():
    return {kind: apps.get_model(label) for kind, label in KINDS.items()}


def uploads(root):
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root).parts[0] != "CACHE"
    }


def fresh_database(tmp_path):
    if connection.vendor == "postgresql":
        return postgres_database("asean_portal_restore")
    return f"sqlite:///{tmp_path}/restored.sqlite3", lambda: None


def manage_site(database_url, media_root, *args):
    """manage.py with the production settings on another database and media folder."""
    return manage(
        site_environment(media_root.parent, DATABASE_URL=database_url, MEDIA_ROOT=str(media_root)),
        *args,
    )


def test_round_trip_brings_back_every_record_version_and_file(
    site_with_history, settings, tmp_path
):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # password hashes are inside
    assert not list(tmp_path.glob("*.partial"))
    before = io.StringIO()
    call_command("dumpdata", *DUMP, stdout=before)

    database_url, drop_database = fresh_database(tmp_path)
    restored_media = tmp_path / "restored-media"
    try:
        output = manage_site(database_url, restored_media, "restore", str(archive))
        after = manage_site(database_url, restored_media, "dumpdata", *DUMP)
    finally:
        drop_database()

    indexed = ", ".join(
        f"{kind} {model.objects.count()}" for kind, model in searchable_models().items()
    )
    assert f"indexed for search: {indexed}." in output
    lines = before.getvalue().splitlines()
    assert any('"model": "reversion.version"' in line for line in lines)
    assert any('"model": "admin.logentry"' in line for line in lines)
    assert any('"model": "editorial.workingcopy"' in line for line in lines)
    assert any('"model": "core.adminpreference"' in line for line in lines)
    assert after.splitlines() == lines
    assert uploads(restored_media) == uploads(settings.MEDIA_ROOT)
    assert any(name.startswith("news/") for name in uploads(restored_media))


def test_restore_refuses_a_database_with_content(site_with_history, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    with pytest.raises(CommandError, match="new, empty one"):
        call_command("restore", str(archive), verbosity=0)


def archive_with(tmp_path, name, content=b"x"):
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in [
            ("manifest.json", b'{"format": 1}'),
            ("data.jsonl", b""),
            (name, content),
        ]:
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return archive


@pytest.mark.parametrize("name", ["media/../../escaped.txt", "/etc/escaped.txt", "other.txt"])
def test_restore_refuses_an_archive_reaching_outside_the_media_folder(tmp_path, settings, name):
    settings.MEDIA_ROOT = tmp_path / "media"
    with pytest.raises(CommandError, match="Refusing the archive"):
        call_command("restore", str(archive_with(tmp_path, name)), verbosity=0)
    assert not list(tmp_path.rglob("escaped.txt"))


def test_restore_refuses_what_is_no_backup(tmp_path):
    text = tmp_path / "notes.tar.gz"
    text.write_text("not an archive")
    with pytest.raises(CommandError, match="not a backup archive"):
        call_command("restore", str(text), verbosity=0)
