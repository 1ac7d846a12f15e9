"""What a PDF tells its readers before they open it: pages, a title, text to read."""

import logging
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

#: Text is looked for on the first pages only: enough to tell a scan from a text document,
#: and a 300-page report is read in milliseconds rather than seconds.
PAGES_SEARCHED_FOR_TEXT = 3
#: Fewer letters than this on those pages is a scan (a page number, a stamp), not text.
MIN_TEXT_LETTERS = 20


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    title: str
    has_text: bool


def read_facts(file):
    """``PdfFacts`` of an open PDF file (already checked by ``validate_pdf_upload``), or
    None when pypdf cannot read it after all."""
    try:
        file.seek(0)
        reader = PdfReader(file, strict=False)
        title = ((reader.metadata or {}).get("/Title") or "").strip()
        letters = 0
        for page in reader.pages[:PAGES_SEARCHED_FOR_TEXT]:
            letters += sum(character.isalpha() for character in page.extract_text() or "")
            if letters >= MIN_TEXT_LETTERS:
                break
        return PdfFacts(len(reader.pages), str(title), letters >= MIN_TEXT_LETTERS)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        logger.warning("Could not read the facts of PDF %s", getattr(file, "name", "?"))
        return None
    finally:
        file.seek(0)


def text_pdf(title, lines):
    """A one-page A4 PDF of ``lines`` in Helvetica, with ``title`` in its properties: the
    demo's documents and the tests' (Latin-1 text only; ``title`` may be empty)."""

    def literal(text):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"({escaped})"

    shown = " ".join(f"{literal(line)} '" for line in lines)
    content = f"BT /F1 14 Tf 72 770 Td 20 TL {shown} ET"
    info = f"/Title {literal(title)} " if title else ""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
        f"<< {info}/Producer (ASEAN Information Portal) >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    output += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    output += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(output)
