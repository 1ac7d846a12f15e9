"""Backup and restore at scale: `manage.py backup` of a database with generated content, then
`manage.py restore` of its archive into a new one, with the production settings on SQLite.

    .venv/bin/python bench/backup.py                     # 100,000 articles
    .venv/bin/python bench/backup.py --articles 10000

Prints how long each step took, the archive's size, and whether the restored database holds
as many articles as the first.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import manage, site_environment  # noqa: E402


def timed(environment, *args):
    started = time.perf_counter()
    output = manage(environment, *args)
    return time.perf_counter() - started, output


def site(workdir, name):
    """The production settings on a database and media folder of their own."""
    return site_environment(
        workdir,
        DATABASE_URL=f"sqlite:///{workdir}/{name}.sqlite3",
        MEDIA_ROOT=str(workdir / f"{name}-media"),
        DJANGO_CACHE_DIR=str(workdir / f"{name}-cache"),
    )


COUNT = "from news.models import Article; print(Article.objects.count())"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-backup-") as workdir:
        workdir = Path(workdir)
        source, target = site(workdir, "source"), site(workdir, "restored")
        manage(source, "migrate", "--no-input")
        seconds, _output = timed(source, "generate_content", f"--articles={args.articles}")
        print(f"generated {args.articles:,} articles in {seconds:.0f} s")
        archive = workdir / "backup.tar.gz"
        seconds, _output = timed(source, "backup", str(archive))
        database = Path(workdir / "source.sqlite3").stat().st_size
        print(
            f"backup: {seconds:.1f} s, archive {archive.stat().st_size / 1e6:.1f} MB "
            f"(database file {database / 1e6:.1f} MB)"
        )
        seconds, _output = timed(target, "restore", str(archive))
        print(f"restore into a new database: {seconds:.1f} s")
        counts = [manage(env, "shell", "-c", COUNT).split()[-1] for env in (source, target)]
        print(f"articles: {counts[0]} before, {counts[1]} after")


if __name__ == "__main__":
    main()
