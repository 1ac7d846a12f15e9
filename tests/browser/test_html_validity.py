"""The Nu HTML checker (vnu-jar) finds no error on any public page type in either language."""

import json
import subprocess
import urllib.error
import urllib.request

import pytest

from .conftest import node_tool
from .pages import LANGUAGES, PAGE_TYPES, page_url

pytestmark = pytest.mark.browser


def fetch(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.read()
    except urllib.error.HTTPError as error:  # the 404 page is checked too
        return error.read()


def nu_errors(paths):
    """``{file name: [message, …]}`` of the errors the checker reports."""
    checker = subprocess.run(
        [
            "java",
            "-jar",
            str(node_tool("vnu-jar", "build", "dist", "vnu.jar")),
            "--errors-only",
            "--format",
            "json",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = {}
    for message in json.loads(checker.stderr or '{"messages": []}')["messages"]:
        name = message.get("url", "").rsplit("/", 1)[-1]
        errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


def test_every_page_type_is_valid_html(site, tmp_path):
    paths = []
    for language in LANGUAGES:
        for page_type in PAGE_TYPES:
            path = tmp_path / f"{page_type}-{language}.html"
            path.write_bytes(fetch(page_url(site, language, page_type)))
            paths.append(path)
    invalid = tmp_path / "invalid.html"  # proves the checker reports what it finds
    invalid.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></span>")
    errors = nu_errors([*paths, invalid])
    assert "invalid.html" in errors
    del errors["invalid.html"]
    assert errors == {}
