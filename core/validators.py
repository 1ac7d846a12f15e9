"""Checks for uploaded files: the content must be what the name claims, within limits."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PdfReadError

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


def validate_pdf_upload(upload):
    """A real PDF document with at least one page, within the size limit."""
    _check_size(upload, settings.MAX_DOCUMENT_UPLOAD_BYTES)
    invalid = ValidationError(
        _("This file is not a readable PDF document. Please upload another one."),
        code="invalid_pdf",
    )
    try:
        upload.seek(0)
        if upload.read(5) != b"%PDF-":
            raise invalid
        upload.seek(0)
        if len(PdfReader(upload, strict=False).pages) < 1:
            raise invalid
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise invalid from None
    finally:
        upload.seek(0)
