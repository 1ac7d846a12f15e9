"""Checks for uploaded files: the content must be what the name claims, within limits."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import IndirectObject, NameObject

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def _check_size(upload, limit):
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


def validate_image_upload(upload):
    """A real, complete JPEG, PNG or WebP image within the size and pixel limits."""
    _check_size(upload, settings.MAX_IMAGE_UPLOAD_BYTES)
    invalid = ValidationError(
        _("This file is not a complete JPEG, PNG or WebP image. Please upload another one."),
        code="invalid_image",
    )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns below twice its own pixel limit; treat any bomb as an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format not in ALLOWED_IMAGE_FORMATS:
                    raise ValidationError(
                        _("Only JPEG, PNG and WebP images are accepted (this one is %(format)s).")
                        % {"format": image.format},
                        code="image_format",
                    )
                width, height = image.size
                if width * height > settings.MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _("The image is %(width)s × %(height)s pixels, too large to process.")
                        % {"width": width, "height": height},
                        code="image_too_many_pixels",
                    )
                image.load()  # decodes every pixel: a truncated file fails here
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image has too many pixels to process safely."),
            code="image_too_many_pixels",
        ) from None
    except Exception:  # Pillow raises many kinds of errors for broken files
        raise invalid from None
    finally:
        upload.seek(0)


#: What a reader's PDF viewer could run or open: scripts, launched programs, embedded files.
ACTIVE_PDF_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/EF"}
ACTIVE_PDF_VALUES = {"/JavaScript", "/Launch", "/FileAttachment", "/RichMedia"}
#: What may follow a PDF's last "%%EOF": line ends and padding only.
PDF_TRAILING_WHITESPACE = b" \t\r\n\x00\x0c"


def validate_pdf_upload(upload):
    """A real PDF document with at least one page, within the size limit, with nothing a
    viewer could run (JavaScript, launch actions, embedded files) and nothing after its end
    (where a polyglot hides HTML or a script)."""
    _check_size(upload, settings.MAX_DOCUMENT_UPLOAD_BYTES)
    invalid = ValidationError(
        _("This file is not a readable PDF document. Please upload another one."),
        code="invalid_pdf",
    )
    try:
        upload.seek(0)
        if upload.read(5) != b"%PDF-":
            raise invalid
        _check_pdf_ending(upload, invalid)
        upload.seek(0)
        reader = PdfReader(upload, strict=False)
        if len(reader.pages) < 1:
            raise invalid
        if _has_active_content(reader.trailer):
            raise ValidationError(
                _(
                    "This PDF contains scripts, embedded files or actions that open programs. "
                    "Save it again without them (for example, print it to a new PDF) and upload "
                    "that copy."
                ),
                code="pdf_active_content",
            )
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise invalid from None
    finally:
        upload.seek(0)


def _check_pdf_ending(upload, invalid):
    upload.seek(max(0, upload.size - 4096))
    tail = upload.read()
    end = tail.rfind(b"%%EOF")
    if end < 0:
        raise invalid
    if tail[end + len(b"%%EOF") :].strip(PDF_TRAILING_WHITESPACE):
        raise ValidationError(
            _("This PDF has data after its end. Please upload a clean copy of the document."),
            code="pdf_trailing_data",
        )


def _has_active_content(trailer):
    """Whether anything reachable from the document's trailer is a script, a launch action
    or an embedded file. pypdf has decoded names ("/J#53" is "/JS")."""
    seen = set()
    pending = [trailer]
    while pending:
        node = pending.pop()
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, dict):
            if ACTIVE_PDF_KEYS.intersection(node.keys()):
                return True
            for value in node.values():
                if isinstance(value, NameObject):
                    if value in ACTIVE_PDF_VALUES:
                        return True
                else:
                    pending.append(value)
        elif isinstance(node, list):
            pending.extend(node)
    return False
