"""PDF documents (decocrm.core.pdf): Chinese text comes out as text (the CJK font is installed and embedded), the
document loads nothing from the network, and the response is a PDF that is not cached."""

import copy
import io
import time

import pytest
from pypdf import PdfReader

from decocrm.core.pdf import cjk_font_available, local_files_only, pdf_response, render_pdf
from tests.conftest import skip_or_fail


@pytest.fixture
def document(tmp_path, settings):
    templates = copy.deepcopy(settings.TEMPLATES)  # assigned whole, so Django rebuilds its engines (and back after)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], str(tmp_path)]
    settings.TEMPLATES = templates
    (tmp_path / "doc.html").write_text(
        '{% extends "pdf/base.html" %}{% block heading %}竣工验收报告{% endblock %}'
        "{% block content %}<table><tr><th>客户</th><td>{{ name }}</td></tr></table>{% endblock %}"
    )
    return "doc.html"


@pytest.fixture
def cjk_font():
    if not cjk_font_available():
        skip_or_fail("no CJK font for PDF documents: apt-get install fonts-noto-cjk (.ci/run does)")


def test_chinese_comes_out_as_text_quickly(document, cjk_font):
    started = time.perf_counter()
    pdf = render_pdf(document, {"name": "张伟"})
    elapsed = time.perf_counter() - started
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "竣工验收报告" in text and "张伟" in text
    assert elapsed < 10  # a generous bound against a hang; the figure itself is in bench/ and the closing note


def test_a_document_cannot_fetch_from_the_network():
    fetcher = local_files_only()
    for url in ("http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "static:../../etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("static:favicon.svg" if _has("favicon.svg") else "static:js/htmx-feedback.js")


def _has(path):
    from django.contrib.staticfiles import finders

    return bool(finders.find(path))


def test_the_response_is_a_private_pdf():
    response = pdf_response(b"%PDF-1.7", filename="验收报告.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == "inline; filename*=UTF-8''%E9%AA%8C%E6%94%B6%E6%8A%A5%E5%91%8A.pdf"
