"""Backup and restore at scale: `manage.py backup` of a database with generated content, then
`manage.py restore` of its archive into a new one, with the production settings on SQLite.

    .venv/bin/python bench/backup.py                     # 100,000 articles
    .venv/bin/python bench/backup.py --articles 10000

Prints how long each step took, the archive's size, and whether the restored database holds
as many articles as the first.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(environment, *args):
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - started, result.stdout


def site(workdir, name):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in ("DATABASE_URL", "REDIS_URL")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="asean_portal.settings.prod",
        DJANGO_SECRET_KEY="bench-backup-" + "0123456789" * 4,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{workdir}/{name}.sqlite3",
        MEDIA_ROOT=str(workdir / f"{name}-media"),
        DJANGO_CACHE_DIR=str(workdir / f"{name}-cache"),
    )
    return environment


COUNT = "from news.models import Article; print(Article.objects.count())"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-backup-") as workdir:
        workdir = Path(workdir)
        source, target = site(workdir, "source"), site(workdir, "restored")
        manage(source, "migrate", "--no-input")
        seconds, _output = manage(source, "generate_content", f"--articles={args.articles}")
        print(f"generated {args.articles:,} articles in {seconds:.0f} s")
        archive = workdir / "backup.tar.gz"
        seconds, _output = manage(source, "backup", str(archive))
        database = Path(workdir / "source.sqlite3").stat().st_size
        print(
            f"backup: {seconds:.1f} s, archive {archive.stat().st_size / 1e6:.1f} MB "
            f"(database file {database / 1e6:.1f} MB)"
        )
        seconds, _output = manage(target, "restore", str(archive))
        print(f"restore into a new database: {seconds:.1f} s")
        counts = [manage(env, "shell", "-c", COUNT)[1].split()[-1] for env in (source, target)]
        print(f"articles: {counts[0]} before, {counts[1]} after")


if __name__ == "__main__":
    main()
