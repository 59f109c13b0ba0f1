"""The upload check (decocrm.core.uploads): the whole file must be what its extension says; images are stored
re-encoded, pixels only."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import ExifTags, Image

from decocrm.core.uploads import KNOWN_KINDS, ScreenedFile, UploadRule
from leads.models import MeasurementPhoto
from leads.uploads import validate_photo
from tests.uploads import (
    BINARY_DXF,
    DWG,
    DXF,
    HOSTILE_HTML,
    JPEG,
    PDF,
    PNG,
    WEBP,
    image_bytes,
    png_declaring,
    upload,
)

RULE = UploadRule(KNOWN_KINDS)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def stored_bytes(screened):
    screened.seek(0)
    return screened.read()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("客厅.png", PNG),
        ("site.jpg", JPEG),
        ("site.JPEG", JPEG),
        ("rendering.webp", WEBP),
        ("原始户型.pdf", PDF),
        ("plan.dxf", DXF),
        ("plan.dxf", DXF.replace(b"\r\n", b"\n") + b"\n\x1a"),  # Unix lines, a DOS end-of-file byte after EOF
        ("binary.dxf", BINARY_DXF),
        ("plan.dwg", DWG),
    ],
    ids=lambda value: value if isinstance(value, str) else f"{len(value)}B",
)
def test_valid_files_of_every_kind_are_accepted(name, content):
    RULE.validate(upload(name, content))
    screened = RULE.screen(upload(name, content))
    assert isinstance(screened, ScreenedFile) and screened.name == name
    assert screened.kind is KNOWN_KINDS[name.rsplit(".", 1)[-1].lower()]


DXF_FROM_HTML = b"0\n" + HOSTILE_HTML + b"\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # HTML renamed .dxf: the old check only wanted a leading "0"
        ("plan.dxf", DXF_FROM_HTML, "does not look like a .dxf file"),
        ("plan.dxf", b"  0\nSECTION\n  2\nENTITIES\n" + HOSTILE_HTML, "does not look like a .dxf file"),
        # a well-formed drawing carrying a script in a comment
        ("plan.dxf", DXF.replace(b"DecoCRM test drawing", HOSTILE_HTML), "contains web page code"),
        ("plan.dxf", DXF + HOSTILE_HTML, "does not look like a .dxf file"),  # data after 0/EOF
        ("plan.dxf", DXF.replace(b"  0\r\nEOF\r\n", b""), "does not look like a .dxf file"),  # no 0/EOF
        ("plan.dxf", DXF.replace(b" 10\r\n", b"ten\r\n"), "does not look like a .dxf file"),  # not a group code
        ("plan.dxf", DXF.replace(b"HEADER", b"SCRIPT"), "does not look like a .dxf file"),  # no such section
        ("plan.dxf", b"AutoCAD Binary DXF\r\n\x1a\x00" + HOSTILE_HTML, "does not look like a .dxf file"),
        ("plan.png", PNG[: len(PNG) // 2], "does not look like a .png file"),  # truncated
        ("plan.png", image_bytes("PNG", (300, 200))[:-40], "does not look like a .png file"),  # pixels cut short
        ("plan.png", JPEG, "does not look like a .png file"),  # a JPEG named .png
        ("plan.jpg", PNG, "does not look like a .jpg file"),
        ("plan.webp", b"RIFF\x00\x00\x00\x00WEBP" + HOSTILE_HTML, "does not look like a .webp file"),
        ("plan.png", image_bytes("GIF"), "does not look like a .png file"),  # Pillow reads GIF, we do not
        ("plan.png", png_declaring(20_000, 20_000), r"has too many pixels \(at most 64 megapixels\)"),  # bomb
        ("plan.png", png_declaring(9_000, 8_000), "has too many pixels"),  # under Pillow's own limit, over ours
        ("plan.pdf", b"%PDF-1.7\n" + HOSTILE_HTML + b"\n%%EOF\n", "contains web page code"),
        ("plan.pdf", HOSTILE_HTML + PDF, "does not look like a .pdf file"),  # HTML first, PDF after
        ("plan.pdf", b"%PDF-1.7\nnothing here\n%%EOF\n", "does not look like a .pdf file"),
        ("plan.pdf", PDF[:-200], "does not look like a .pdf file"),  # no %%EOF
        ("plan.dwg", b"AC1032" + bytes(5) + HOSTILE_HTML, "contains web page code"),
        ("plan.dwg", b"MZ\x90\x00" + bytes(64), "does not look like a .dwg file"),
        ("plan.exe", b"MZ\x90\x00", "not an accepted file type"),
        ("plan.pdf", b"", "is empty"),
    ],
    ids=lambda value: value if isinstance(value, str) else f"{len(value)}B",
)
def test_files_that_are_not_what_they_say_are_refused_by_name(name, content, message):
    for check in (RULE.validate, RULE.screen):
        with pytest.raises(ValidationError, match=message) as refused:
            check(upload(name, content))
        assert f"“{name}”" in refused.value.messages[0]


def test_a_script_split_across_two_read_chunks_is_still_found():
    chunk = 64 * 1024  # django.core.files.File.DEFAULT_CHUNK_SIZE
    content = b"AC1032" + bytes(chunk - 6 - 4) + b"<script>alert(1)</script>"
    with pytest.raises(ValidationError, match="contains web page code"):
        RULE.validate(upload("plan.dwg", content))


def test_a_png_with_html_after_its_end_is_stored_as_its_pixels_only():
    polyglot = PNG + HOSTILE_HTML
    RULE.validate(upload("site.png", polyglot))  # a real image: accepted ...
    stored = stored_bytes(RULE.screen(upload("site.png", polyglot)))
    assert b"<html" not in stored and b"<script" not in stored  # ... but what is kept is the image alone
    original, kept = Image.open(io.BytesIO(PNG)), Image.open(io.BytesIO(stored))
    assert kept.format == "PNG" and kept.size == original.size
    assert kept.convert("RGB").tobytes() == original.convert("RGB").tobytes()


def test_metadata_is_dropped_and_the_photo_still_stands_upright():
    """EXIF (camera, GPS position of the customer's home) and comments go; the orientation is applied first."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # rotate 90° to display
    exif[ExifTags.Base.Make] = "PHONEMAKER"
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 200, 30)).save(out, "JPEG", exif=exif, comment=b"<html>note")
    assert b"PHONEMAKER" in out.getvalue() and b"<html>note" in out.getvalue()
    stored = stored_bytes(RULE.screen(upload("site.jpg", out.getvalue())))
    assert b"PHONEMAKER" not in stored and b"<html" not in stored
    kept = Image.open(io.BytesIO(stored))
    assert kept.size == (20, 40) and not kept.getexif()


def test_a_phones_photo_with_a_depth_map_is_accepted_as_a_jpeg():
    out = io.BytesIO()
    Image.new("RGB", (40, 20)).save(out, "MPO", save_all=True, append_images=[Image.new("RGB", (40, 20))])
    stored = stored_bytes(RULE.screen(upload("portrait.jpg", out.getvalue())))
    assert Image.open(io.BytesIO(stored)).format == "JPEG"


def test_the_pixel_limit_is_a_setting(settings):
    big = image_bytes("PNG", (1200, 1000))
    RULE.validate(upload("site.png", big))
    settings.UPLOAD_MAX_IMAGE_PIXELS = 1_000_000
    with pytest.raises(ValidationError, match="has too many pixels \\(at most 1 megapixels\\)"):
        RULE.validate(upload("site.png", big))


def test_a_file_already_stored_is_not_checked_again():
    """It was checked when it came in; a stricter rule later must not block every edit of its record."""
    photo = MeasurementPhoto(file="leads/1/measurement/not-on-disk.png")
    validate_photo(photo.file)  # would raise FileNotFoundError if it read the file
