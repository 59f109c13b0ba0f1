"""PDF documents from templates (WeasyPrint): an app renders a printable page and gets the same page as a PDF.

    pdf = render_pdf("projects/acceptance_report.html", {"project": project})
    return pdf_response(pdf, filename="验收报告-DC-2026-0001.pdf")

The documents' CSS names the CJK font (templates/pdf/base.html): Noto Sans CJK SC, from Debian's fonts-noto-cjk,
which .ci/run, the Dockerfile and the README's setup install. Without it Chinese prints as empty boxes:
`cjk_font_available()` is checked by the tests, and the test that extracts a PDF's text fails without it.
Nothing is fetched over the network: a document may only load our static files, as `static:<path>`
(`local_files_only` refuses anything else).
"""

from pathlib import Path
from urllib.parse import quote

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string

CJK_FONT = "Noto Sans CJK SC"


FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


def cjk_font_available() -> bool:
    """Whether the Noto Sans CJK files are installed where fontconfig finds them (Debian's fonts-noto-cjk)."""
    return any(any(folder.rglob("NotoSansCJK*")) for folder in FONT_DIRS if folder.is_dir())


def local_files_only():
    """WeasyPrint's fetcher for a document's images and CSS: our static files (`static:<path>`), never the network
    nor any other file."""
    from weasyprint.urls import URLFetcher

    class LocalFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            prefix = "static:"
            if url.startswith(prefix):
                try:
                    path = finders.find(url[len(prefix) :].lstrip("/"))
                except SuspiciousFileOperation:  # ../ out of the static folders
                    path = None
                if path:
                    return super().fetch("file://" + path)
            raise ValueError(f"not a local static file: {url[:80]}")

    return LocalFilesOnly(allowed_protocols=["file"])


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    from weasyprint import HTML  # imported here: its Pango binding loads only for a document

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, url_fetcher=local_files_only(), base_url="static:/").write_pdf()


def pdf_response(pdf: bytes, *, filename: str, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
