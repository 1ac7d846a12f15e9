"""Folding and parsing of search text, the same for every backend."""

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

QUOTED_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')
WORD = re.compile(r"\w+")
MAX_TERMS = 12


def fold(text):
    """Lower case without tone marks or other diacritics, đ as d: "ĐÀ NẴNG" → "da nang".

    Each character of NFC text folds to at most one character, so positions in the folded
    text are positions in the original (the highlighter relies on it)."""
    return "".join(map(fold_char, unicodedata.normalize("NFC", text)))


COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold_fast(text):
    """``fold`` for indexing whole texts: the same result for Vietnamese, several times faster,
    but without the one-character-per-character guarantee."""
    text = COMBINING.sub("", unicodedata.normalize("NFD", text))
    return text.replace("đ", "d").replace("Đ", "D").lower()


@functools.lru_cache(maxsize=4096)  # texts draw on a few hundred distinct characters
def fold_char(char):
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base.lower()[:1] or char


@dataclass
class Query:
    """A reader's query: phrases of one or more folded words, all of which must match."""

    text: str
    phrases: list = field(default_factory=list)

    @property
    def words(self):
        return [word for phrase in self.phrases for word in phrase]

    def __bool__(self):
        return bool(self.phrases)


def parse_query(text):
    """Split a query into phrases: "quoted words" stay together, other words stand alone."""
    text = unicodedata.normalize("NFC", text or "").replace("\x00", "")
    phrases = []
    for quoted, word in QUOTED_OR_WORD.findall(text):
        words = WORD.findall(fold(quoted if quoted else word))
        if not words:
            continue
        if quoted:
            phrases.append(words)
        else:
            phrases.extend([w] for w in words)
        if len(phrases) >= MAX_TERMS:
            break
    return Query(text=text.strip(), phrases=phrases[:MAX_TERMS])


#: The tags of rich text's blocks and line breaks: the words on either side of one are two.
BLOCK_TAG = re.compile(r"</?(p|h[1-6]|li|ul|ol|blockquote|div|br)\b[^>]*>", re.IGNORECASE)


def plain_text(html):
    """The words of rich text as a reader reads them: "<p>Hợp tác</p><p>Tin giả</p>" is
    "Hợp tác Tin giả", "&amp;" is "&"."""
    text = strip_tags(BLOCK_TAG.sub(" ", html or ""))
    return re.sub(r"\s+", " ", unescape(text)).strip()


def highlight(text, query, length=240):
    """An escaped excerpt of plain ``text`` around the first match, matches wrapped in <mark>.
    Where the text holds the query's words together, in order, only those places are marked:
    "chuyển đổi số" marks that phrase, not the "đổi" of "thay đổi"."""
    folded = fold(text)
    phrase = r"\s+".join(map(re.escape, query.words))
    together = re.compile(rf"(?<!\w){phrase}(?!\w)")
    words = sorted(set(query.words), key=len, reverse=True)
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, words))})(?!\w)")
    if len(query.words) > 1 and together.search(folded):
        pattern = together
    matches = pattern.finditer(folded)
    first = next(matches, None)
    start = 0
    if first:
        start = max(0, first.start() - length // 3)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    end = min(len(text), start + length)
    while end < len(text) and not text[end].isspace():
        end += 1
    pieces, cursor = [], start
    for match in itertools.chain([first] if first else [], matches):
        span_start, span_end = match.span()
        if span_end > end:
            break
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)
