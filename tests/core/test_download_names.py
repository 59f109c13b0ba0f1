"""Downloads carry the uploader's file name (decocrm.core.uploads): RFC 6266/5987 encoded, never a header injection."""

from urllib.parse import unquote

import pytest

from decocrm.core.uploads import content_disposition, download_name

STORED = "leads/7/measurement/0f3c9a1e2b4d4f6a8c7e5d3b1a2f4e6d.pdf"


def test_a_chinese_name_is_sent_in_utf8_with_an_ascii_fallback():
    header = content_disposition(download_name("户型图 v2.pdf", STORED), as_attachment=True)
    plain, encoded = header.split("; filename*=UTF-8''")
    assert plain == 'attachment; filename="v2.pdf"'
    assert unquote(encoded) == "户型图 v2.pdf" and " " not in encoded


def test_an_ascii_name_needs_no_second_form():
    assert content_disposition("plan.pdf", as_attachment=False) == 'inline; filename="plan.pdf"'


@pytest.mark.parametrize(
    "hostile",
    [
        'a".pdf\r\nSet-Cookie: x=1',
        "../../etc/passwd",
        "..\\..\\boot.ini",
        "x\"; filename*=UTF-8''evil.html",
        "\x00\x1b.pdf",
    ],
)
def test_quotes_line_breaks_and_path_separators_are_neutralised(hostile):
    name = download_name(hostile, STORED)
    header = content_disposition(name, as_attachment=True)
    assert "\r" not in header and "\n" not in header and "\x00" not in header
    assert "/" not in name and "\\" not in name and '"' not in name and ";" not in name
    assert name.endswith(".pdf")  # the type is the stored file's, whatever the name claimed
    assert header.count('"') == 2 and header.count(";") <= 2


def test_without_an_original_name_the_stored_name_is_used():
    assert download_name("", STORED) == STORED.rsplit("/", 1)[-1]
    assert download_name(" .. ", STORED) == STORED.rsplit("/", 1)[-1]
