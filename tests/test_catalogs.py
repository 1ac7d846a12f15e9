"""Every interface string is translated into Vietnamese and English, and the compiled
catalogues committed beside the .po files match them."""

import gettext
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["vi", "en"]
# The server's strings, and the admin scripts' (served by the admin's JavaScript catalogue).
DOMAINS = {"django": 100, "djangojs": 20}
CATALOGUES = [(language, domain) for language in LANGUAGES for domain in DOMAINS]


def catalogue(language, domain="django", root=ROOT / "locale"):
    return polib.pofile(root / language / "LC_MESSAGES" / f"{domain}.po")


@pytest.mark.parametrize("language,domain", CATALOGUES)
def test_catalogue_is_complete(language, domain):
    po = catalogue(language, domain)
    assert len(po) > DOMAINS[domain]
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("language,domain", CATALOGUES)
def test_compiled_catalogue_matches_the_po_file(language, domain):
    po = catalogue(language, domain)
    mo_path = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.mo"
    with mo_path.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            for n in (1, 2):
                expected = entry.msgstr_plural[compiled.plural(n)]
                assert compiled.ngettext(entry.msgid, entry.msgid_plural, n) == expected
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext tools are not installed")
def test_no_interface_string_is_missing_from_the_catalogues(tmp_path, settings, monkeypatch):
    # makemessages writes beside the sources it scans, so scan a copy of them.
    tree = tmp_path / "tree"
    shutil.copytree(
        ROOT,
        tree,
        ignore=shutil.ignore_patterns(
            ".*",
            "media",
            "fixtures",
            "tests",
            "*.mo",
            "*.sqlite3",
            "staticfiles",
            "node_modules",
            "screenshots",
            "vendor",
        ),
    )
    settings.LOCALE_PATHS = [tree / "locale"]
    monkeypatch.chdir(tree)
    for domain in DOMAINS:
        call_command("makemessages", locale=LANGUAGES, domain=domain, verbosity=0)
    for language, domain in CATALOGUES:
        fresh = catalogue(language, domain, root=tree / "locale")
        missing = [e.msgid for e in fresh.untranslated_entries() + fresh.fuzzy_entries()]
        assert missing == [], f"run `make messages` and translate these ({language}, {domain})"


def test_english_catalogue_repeats_the_source_strings():
    """The source strings are English; a translation that differs is a stale fuzzy match."""
    for domain in DOMAINS:
        english = catalogue("en", domain)
        assert [e.msgid for e in english if not e.msgid_plural and e.msgstr != e.msgid] == []
