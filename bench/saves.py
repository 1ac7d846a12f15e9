"""Two editors saving at once on SQLite, through the admin, under gunicorn.

    .venv/bin/python bench/saves.py                  # 2 editors × 5 saves/s × 60 s
    .venv/bin/python bench/saves.py --seconds 20 --rate 10

Starts gunicorn (production settings, 2 sync workers) on a fresh SQLite database with the
demo, logs in the demo editor and the demo publisher, and has each open an article's change
form and save it (a new title each time) at ``--rate`` saves a second, as an editor's browser
would: GET the form, POST it back. Prints the saves that failed (anything but the redirect a
saved form answers with) and the time a save took.
"""

import argparse
import atexit
import http.client
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import Gunicorn, prepare_site, site_environment  # noqa: E402


class FormFields(HTMLParser):
    """What a browser sends for the first form with a ``csrfmiddlewaretoken`` on the page."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea, self._text = [], None, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None


class Editor:
    def __init__(self, port, username, password):
        self.port, self.cookies = port, {}
        form = self.request("GET", "/admin/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1)
        response = self.request(
            "POST",
            "/admin/login/",
            {"csrfmiddlewaretoken": token.decode(), "username": username, "password": password},
        )
        assert response.status == 302, response.status

    def request(self, method, path, data=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.body = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        connection.close()
        return response

    def save(self, path, title):
        parser = FormFields()
        parser.feed(self.request("GET", path).body.decode())
        fields = [(k, title if k == "title_vi" else v) for k, v in parser.fields]
        return self.request("POST", path, fields)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rate", type=float, default=5, help="saves a second, per editor")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="asean-portal-saves-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    environment = site_environment(workdir, DJANGO_HTTPS_ONLY="0")
    prepare_site(environment)
    server = Gunicorn(environment, workdir)
    atexit.register(server.stop)

    import sqlite3

    with sqlite3.connect(workdir / "site.sqlite3") as database:
        articles = [row[0] for row in database.execute("SELECT id FROM news_article ORDER BY id")]
    editors = [
        (Editor(server.port, "editor", "asean-demo-editor"), articles[0]),
        (Editor(server.port, "publisher", "asean-demo-publisher"), articles[1]),
    ]
    results = {name: [] for name in ("editor", "publisher")}

    def work(editor, article, name):
        path = f"/admin/news/article/{article}/change/"
        interval, started = 1 / args.rate, time.monotonic()
        for number in range(int(args.seconds * args.rate)):
            wait = started + number * interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            began = time.perf_counter()
            try:
                status = editor.save(path, f"Tin sửa lần {number} bởi {name}").status
            except OSError as error:
                status = str(error)
            results[name].append((status, (time.perf_counter() - began) * 1000))

    threads = [
        threading.Thread(target=work, args=(editor, article, name))
        for (editor, article), name in zip(editors, results, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(
        f"SQLite (WAL, IMMEDIATE), gunicorn 2 workers; 2 editors × {args.rate:g} saves/s × "
        f"{args.seconds} s (each save: GET the form, POST it)"
    )
    for name, rows in results.items():
        failed = [status for status, _ms in rows if status != 302]
        times = sorted(ms for _status, ms in rows)
        p95 = times[int(0.95 * (len(times) - 1))]
        print(
            f"{name:10} saves {len(rows):4}  failed {len(failed):3}  "
            f"p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms"
            + (f"  failures: {sorted(set(map(str, failed)))}" if failed else "")
        )


if __name__ == "__main__":
    main()
