"""Lighthouse's SEO audits score 100 on the home page, a listing and an article, in the
browser tests' Chromium."""

import json
import os
import subprocess

import pytest

from .conftest import CHROMIUM, node_tool
from .pages import page_url

pytestmark = pytest.mark.browser


def seo_report(url, output):
    subprocess.run(
        [
            str(node_tool(".bin", "lighthouse")),
            url,
            "--only-categories=seo",
            "--output=json",
            f"--output-path={output}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--quiet",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
        timeout=300,
    )
    return json.loads(output.read_text())


@pytest.mark.parametrize(
    ("language", "page_type"), [("vi", "home"), ("en", "news"), ("vi", "article")]
)
def test_seo_scores_100(site, tmp_path, language, page_type):
    report = seo_report(page_url(site, language, page_type), tmp_path / "report.json")
    failing = {
        audit["id"]: report["audits"][audit["id"]].get("explanation")
        or report["audits"][audit["id"]]["title"]
        for audit in report["categories"]["seo"]["auditRefs"]
        if report["audits"][audit["id"]]["score"] not in (1, None)
    }
    assert failing == {}
    assert report["categories"]["seo"]["score"] == 1
