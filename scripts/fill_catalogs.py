"""Fill the English catalogues (msgstr = msgid: the source strings are English) and report
what the Vietnamese catalogue still lacks. Run by `make messages` after makemessages."""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


DOMAINS = ["django", "djangojs"]


def main():
    return max(fill(domain) for domain in DOMAINS)


def fill(domain):
    english = polib.pofile(LOCALE / f"en/LC_MESSAGES/{domain}.po")
    for entry in english:
        # Always the msgid itself: msgmerge may have "fuzzy"-matched an older string.
        entry.msgstr = entry.msgid
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    english.save()
    vietnamese = polib.pofile(LOCALE / f"vi/LC_MESSAGES/{domain}.po")
    missing = vietnamese.untranslated_entries() + vietnamese.fuzzy_entries()
    for entry in missing:
        print(f"vi ({domain}): untranslated: {entry.msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
