"""Uncached pages against an earlier commit's, on the demo, in process, in the same minutes.

    .venv/bin/python bench/against.py                    # the code issue #11 was measured on
    .venv/bin/python bench/against.py --commit 26fef96 --rounds 40

A shared machine's speed moves by half within minutes, so a page's milliseconds alone say
little, and a target in milliseconds was set at one machine's speed. This checks out the earlier
commit in a temporary worktree, fills a demo database for each commit (its own migrations and
``load_demo``, production settings, page cache off), and renders each page that both answer in
two processes taking turns, round by round. Per page: both medians of CPU time and the median
of the rounds' ratios, which the machine's speed does not move.

Issue #11 measured about 19 ms of server CPU per page on 26fef96 (gunicorn, two workers) and
asked for 8 ms at most: the last column gives each page at the speed where 26fef96's pages
average 19 ms (``--reference-ms``). The earlier code runs in this checkout's virtualenv, so its
requirements must be among these (true of 26fef96).
"""

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ISSUE_11_COMMIT = "26fef96"
ISSUE_11_MS = 19


def settings_environment(workdir, name):
    """Production settings for a run of one commit's code, everything in ``workdir``."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "asean_portal.settings.prod",
        "DJANGO_SECRET_KEY": "bench-against-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{workdir}/{name}.sqlite3",
        "MEDIA_ROOT": f"{workdir}/{name}-media",
        # Settings the earlier code may not know; it ignores them.
        "DJANGO_HTTPS_ONLY": "0",
        "DJANGO_STATIC_ROOT": f"{workdir}/{name}-static",
        "DJANGO_CACHE_DIR": f"{workdir}/{name}-cache",
        "DJANGO_PAGE_CACHE_SECONDS": "0",
    }


def fill(code, environment):
    """Migrate, load the demo and collect static files, with ``code``'s own commands."""
    for command in (
        ["migrate", "--no-input"],
        ["load_demo", "--allow-production"],
        ["collectstatic", "--no-input"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v", "0"],
            cwd=code,
            env=environment,
            check=True,
            stdout=subprocess.DEVNULL,
        )


class Worker:
    """One commit's WSGI application in a process of its own (``--worker``)."""

    def __init__(self, code, environment):
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", str(code)],
            cwd=code,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, message):
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def stop(self):
        self.process.stdin.close()
        self.process.wait()


def serve_requests(code):
    """The worker: answers ``{"pages": [...]}`` with this code's statuses (after warming each
    page up), ``{"round": [...]}`` with the CPU milliseconds of one request to each page."""
    sys.path.insert(0, code)
    from django.core.wsgi import get_wsgi_application

    # This script's folder, not the portal: the same in either commit's code.
    from in_process import wsgi_get

    application = get_wsgi_application()
    if "--pages" in sys.argv:
        # bench/pages.py's list, its slugs read from this commit's demo database.
        spec = importlib.util.spec_from_file_location("bench_pages", Path(code) / "bench/pages.py")
        bench_pages = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bench_pages)
        print(json.dumps(bench_pages.pages()))
        return
    for line in sys.stdin:
        message = json.loads(line)
        if "pages" in message:
            statuses = {}
            for path in message["pages"]:
                for _ in range(5):
                    statuses[path] = wsgi_get(application, path)
            print(json.dumps(statuses), flush=True)
        else:
            times = {}
            for path in message["round"]:
                started = time.process_time()
                wsgi_get(application, path)
                times[path] = 1000 * (time.process_time() - started)
            print(json.dumps(times), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commit", default=ISSUE_11_COMMIT)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument(
        "--reference-ms",
        type=float,
        default=ISSUE_11_MS,
        help="what the earlier commit's pages took on average when a target was set",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="asean-portal-against-"))
    earlier = workdir / "earlier"
    subprocess.run(
        ["git", "worktree", "add", "--detach", "--force", str(earlier), args.commit],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers = {}
    try:
        environments = {
            "earlier": settings_environment(workdir, "earlier"),
            "now": settings_environment(workdir, "now"),
        }
        codes = {"earlier": earlier, "now": ROOT}
        for name, code in codes.items():
            fill(code, environments[name])
        listed = subprocess.run(
            [sys.executable, __file__, "--worker", str(ROOT), "--pages"],
            cwd=ROOT,
            env=environments["now"],
            check=True,
            capture_output=True,
            text=True,
        )
        labels = {path: label for label, path in json.loads(listed.stdout)}
        workers = {name: Worker(code, environments[name]) for name, code in codes.items()}
        statuses = {name: worker.ask({"pages": list(labels)}) for name, worker in workers.items()}
        paths = [
            path
            for path in labels
            if statuses["now"][path] == 200 and statuses["earlier"][path] == 200
        ]
        skipped = [labels[path] for path in labels if path not in paths]
        times = {name: {path: [] for path in paths} for name in workers}
        for round_number in range(args.rounds):
            order = ("earlier", "now") if round_number % 2 else ("now", "earlier")
            for name in order:
                for path, milliseconds in workers[name].ask({"round": paths}).items():
                    times[name][path].append(milliseconds)
    finally:
        for worker in workers.values():
            worker.stop()
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(earlier)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(workdir, ignore_errors=True)

    # A round's speed: what the earlier code's pages took on average in it.
    speeds = [
        statistics.fmean(times["earlier"][path][index] for path in paths)
        for index in range(args.rounds)
    ]
    print(
        f"CPU ms per uncached page in process, demo, {args.rounds} rounds taking turns; "
        f"{args.commit} against this checkout"
    )
    print(
        f"{'page':18} {args.commit[:10]:>10} {'now':>7} {'ratio':>6} "
        f"{f'at {args.reference_ms:g} ms':>9}"
    )
    for path in paths:
        earlier_ms, now_ms = times["earlier"][path], times["now"][path]
        ratio = statistics.median(
            now / before for now, before in zip(now_ms, earlier_ms, strict=True)
        )
        at_reference = statistics.median(
            now * args.reference_ms / speed for now, speed in zip(now_ms, speeds, strict=True)
        )
        print(
            f"{labels[path]:18} {statistics.median(earlier_ms):>10.2f} "
            f"{statistics.median(now_ms):>7.2f} {ratio:>6.2f} {at_reference:>9.1f}"
        )
    print(
        f"ratio: to the same page in {args.commit}; at {args.reference_ms:g} ms: this "
        f"checkout's page at the speed where {args.commit}'s pages take {args.reference_ms:g} ms "
        "on average"
    )
    if skipped:
        print(f"not in {args.commit}: {', '.join(skipped)}")


if __name__ == "__main__":
    if "--worker" in sys.argv:
        serve_requests(sys.argv[sys.argv.index("--worker") + 1])
    else:
        main()
