"""Sample files for upload tests: small valid ones of every accepted kind, and the hostile or broken ones the checks
must refuse (decocrm.core.uploads)."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

HOSTILE_HTML = b"<html><script>alert(1)</script></html>"


def image_bytes(fmt="PNG", size=(16, 12), color=(200, 80, 40), **save_options):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=fmt, **save_options)
    return out.getvalue()


PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
WEBP = image_bytes("WEBP")


def pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = pdf_bytes()

# A minimal ASCII DXF (R12 shape): a header section and one line in the entities section.
DXF = b"""999
DecoCRM test drawing
  0
SECTION
  2
HEADER
  9
$ACADVER
  1
AC1009
  0
ENDSEC
  0
SECTION
  2
ENTITIES
  0
LINE
  8
0
 10
0.0
 20
0.0
 11
5200.0
 21
4000.0
  0
ENDSEC
  0
EOF
""".replace(b"\n", b"\r\n")

BINARY_DXF = (
    b"AutoCAD Binary DXF\r\n\x1a\x00"
    + b"\x00\x00SECTION\x00\x02\x00ENTITIES\x00\x00\x00ENDSEC\x00"
    + b"\x00\x00EOF\x00"
)

DWG = b"AC1032" + bytes(5) + b"\x00\x01" + bytes(range(256)) * 4


def png_declaring(width, height):
    """A tiny PNG whose header claims width x height pixels (a decompression bomb as far as its header goes)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = chunk(b"IDAT", zlib.compress(b"\x00" * 64))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + pixels + chunk(b"IEND", b"")


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
