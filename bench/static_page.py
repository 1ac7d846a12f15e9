"""What gunicorn itself allows: a WSGI application that answers every request with the bytes
and headers of one page the portal served (``PAGE_FILE``, and ``PAGE_FILE``.headers, a JSON
list), doing nothing else. ``bench/pages.py --serve`` runs it under the portal's gunicorn
settings next to the portal's cached pages."""

import json
import os
from pathlib import Path

page = Path(os.environ["PAGE_FILE"])
body = page.read_bytes()
headers = [tuple(header) for header in json.loads(page.with_suffix(".headers").read_text())]


def application(environ, start_response):
    start_response("200 OK", headers)
    return [body]
