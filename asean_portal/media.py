from pathlib import Path

from django.conf import settings
from django.views.static import serve

#: The types of what editors may upload; anything else is served as bytes to download.
UPLOAD_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}
#: Nothing in an upload runs under the site's origin, even if a browser were to render it.
UPLOAD_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def serve_upload(request, path):
    """An upload, where Django serves them itself (`make serve`, no nginx in front), with the
    headers deploy/nginx.conf gives them: the type from an allow-list, never sniffed,
    sandboxed, and documents downloaded rather than shown."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    content_type = UPLOAD_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")
    if response.status_code == 200:
        response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = UPLOAD_POLICY
    if not content_type.startswith("image/"):
        response["Content-Disposition"] = "attachment"
    return response
