"""Is the whole file what its extension says? One content check per file format, used by `decocrm.core.uploads`.

Each check reads a Django `File` and raises `FileRejected(code)`; `uploads` turns the code into a message naming the
file. How strict each one is, and why:
- Images are decoded completely by Pillow, so a truncated file or another format renamed fails. They are not scanned
  for markup (compressed pixels hit a short pattern such as `<svg ` by chance); instead `reencode_image` stores the
  pixels only, so whatever rode along — HTML after the end marker, text chunks, EXIF with the GPS position of a
  customer's home — is left behind.
- PDF: framed by `%PDF-` … `%%EOF`, readable pages according to pypdf (pure Python, well kept), no web page inside.
- DXF: the text format is walked pair by pair (group code line, value line) from `0 SECTION` to `0 EOF`. ezdxf would
  parse it too, but it pulls numpy and fonttools into the web image to answer yes or no; the structure is small.
- DWG: closed and compressed, with no light, maintained Python reader: the version signature and no web page inside.
  Like every other non-image it is only ever served as a download.
"""

import io
import re

from PIL import ExifTags, Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import DependencyError

# What a browser would take for a web page (the WHATWG sniffing patterns and the usual carriers of script), each
# followed by a tag-closing byte so that ordinary text or binary data rarely matches by chance.
MARKUP = re.compile(rb"<(?:!doctype|html|head|body|script|svg|iframe|object|embed)[\s/>]", re.IGNORECASE)
_MARKUP_OVERLAP = 16  # longer than any pattern, so a match split across two chunks is still found


class FileRejected(Exception):
    """The content is not acceptable; `code` picks the message (see `uploads.MESSAGES`), `params` fill it."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def _head(file, size):
    file.seek(0)
    return file.read(size)


def _tail(file, size):
    file.seek(0, io.SEEK_END)
    end = file.tell()
    file.seek(max(0, end - size))
    return file.read()


def contains_markup(file) -> bool:
    tail = b""
    for chunk in file.chunks():
        window = tail + chunk
        if MARKUP.search(window):
            return True
        tail = window[-_MARKUP_OVERLAP:]
    return False


def refuse_markup(file):
    if contains_markup(file):
        raise FileRejected("markup")


# --- Images

# An image's pixels are held in memory to be checked and re-encoded: this bounds the memory one upload may take
# (RGB, 3 bytes a pixel) and refuses decompression bombs. 64 megapixels: an 8K rendering or a 50 MP phone photo.
DEFAULT_MAX_IMAGE_PIXELS = 64_000_000
OPENABLE_FORMATS = ("JPEG", "PNG", "WEBP")  # the only Pillow decoders an upload may reach


def decode_image(file, formats, max_pixels):
    """Open, verify and fully decode the image; return it loaded (the caller closes it). `formats`: the Pillow
    formats its extension allows (a JPEG named .png is refused)."""
    try:
        file.seek(0)
        with Image.open(file, formats=OPENABLE_FORMATS) as probe:
            _check_image_header(probe, formats, max_pixels)
            probe.verify()  # PNG: every chunk's checksum
        file.seek(0)
        image = Image.open(file, formats=OPENABLE_FORMATS)
        try:
            _check_image_header(image, formats, max_pixels)
            image.load()  # every pixel: a truncated or corrupt stream fails here
        except BaseException:
            image.close()
            raise
        return image
    except FileRejected:
        raise
    except Image.DecompressionBombError as error:
        raise FileRejected("image_pixels", limit=max_pixels) from error
    except Exception as error:  # Pillow reports bad data with assorted built-in exceptions
        raise FileRejected("content") from error


def _check_image_header(image, formats, max_pixels):
    if image.format not in formats:
        raise FileRejected("content")
    width, height = image.size
    if width * height > max_pixels:
        raise FileRejected("image_pixels", limit=max_pixels)


def reencode_image(image, image_format) -> bytes:
    """The image's pixels in a new file of the same format: no metadata, nothing after the end. The EXIF orientation
    is applied first, so a phone photo still stands the right way up; the colour profile is kept (it is colour, not
    information about anyone)."""
    icc_profile = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    options = {}
    if orientation not in (0, 1):
        image = ImageOps.exif_transpose(image)
    elif image.format == "JPEG":  # not MPO (a phone's photo with a depth map), which Pillow cannot keep
        options = {"quality": "keep", "subsampling": "keep"}  # the original's tables: no second loss of quality
    image.info = {}  # Pillow copies comments, XMP and the like from `info` when saving
    if image_format == "JPEG":
        options.setdefault("quality", 92)
        if image.mode not in ("1", "L", "RGB", "CMYK"):
            image = image.convert("RGB")
    elif image_format == "WEBP":
        options["quality"] = 90
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.mode or transparency is not None else "RGB")
    elif transparency is not None:
        options["transparency"] = transparency
    if icc_profile:
        options["icc_profile"] = icc_profile
    out = io.BytesIO()
    image.save(out, format=image_format, **options)
    return out.getvalue()


# --- PDF


def check_pdf(file):
    if not _head(file, 5) == b"%PDF-":
        raise FileRejected("content")
    if b"%%EOF" not in _tail(file, 2048):
        raise FileRejected("content")
    refuse_markup(file)
    try:
        file.seek(0)
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise FileRejected("pdf_password")
            except DependencyError:
                return  # AES without a crypto library: the framing and the scan above are all we can check
        if len(reader.pages) < 1:
            raise FileRejected("content")
    except FileRejected:
        raise
    except Exception as error:  # pypdf reports broken files with assorted built-in exceptions
        raise FileRejected("content") from error


# --- CAD drawings

DWG_VERSIONS = frozenset(
    # R13, R14, 2000, 2004, 2007, 2010, 2013, 2018 (still current): older drawings are still passed around
    (b"AC1012", b"AC1014", b"AC1015", b"AC1018", b"AC1021", b"AC1024", b"AC1027", b"AC1032")
)


def check_dwg(file):
    if _head(file, 6) not in DWG_VERSIONS:
        raise FileRejected("content")
    refuse_markup(file)


BINARY_DXF = b"AutoCAD Binary DXF\r\n\x1a\x00"
DXF_SECTIONS = frozenset(
    (b"HEADER", b"CLASSES", b"TABLES", b"BLOCKS", b"ENTITIES", b"OBJECTS", b"THUMBNAILIMAGE", b"ACDSDATA")
)
_AFTER_EOF = b" \t\x00\x1a"  # blank lines, NUL padding or a DOS end-of-file byte may follow `0 EOF`


def check_dxf(file):
    file.seek(0)
    data = file.read()
    if data.startswith(BINARY_DXF):
        _check_binary_dxf(data[len(BINARY_DXF) :])
    else:
        _check_text_dxf(data.removeprefix(b"\xef\xbb\xbf"))
    if MARKUP.search(data):
        raise FileRejected("markup")


def _check_binary_dxf(body):
    # Group codes are one byte (R12) or two (R13 on); the first group is 0/SECTION and the last 0/EOF either way.
    if not (body.startswith(b"\x00\x00SECTION\x00") or body.startswith(b"\x00SECTION\x00")):
        raise FileRejected("content")
    if not body.endswith(b"\x00EOF\x00"):
        raise FileRejected("content")


def _group_code(line) -> int:
    text = line.strip()
    digits = text[1:] if text[:1] == b"-" else text
    if not (digits.isdigit() and len(digits) <= 4):
        raise FileRejected("content")
    code = int(text)
    if not -5 <= code <= 1071:
        raise FileRejected("content")
    return code


def _check_text_dxf(data):
    """Every odd line is a group code; sections open with 0/SECTION + 2/<name> and close with 0/ENDSEC; between
    sections only comments (999); the drawing ends with 0/EOF and nothing but padding follows."""
    lines = data.splitlines()
    count, position, sections, in_section = len(lines), 0, 0, False
    while position + 1 < count:
        code, value = _group_code(lines[position]), lines[position + 1].strip()
        position += 2
        if code == 999:
            continue
        if in_section:
            if code == 0 and value == b"ENDSEC":
                in_section = False
            elif code == 0 and value in (b"SECTION", b"EOF"):
                raise FileRejected("content")
            continue
        if code != 0:
            raise FileRejected("content")
        if value == b"EOF":
            break
        if value != b"SECTION" or position + 1 >= count:
            raise FileRejected("content")
        if _group_code(lines[position]) != 2 or lines[position + 1].strip() not in DXF_SECTIONS:
            raise FileRejected("content")
        position += 2
        sections += 1
        in_section = True
    else:
        raise FileRejected("content")  # no 0/EOF
    if not sections or any(line.strip(_AFTER_EOF) for line in lines[position:]):
        raise FileRejected("content")


def check_csv(file):
    """Text a spreadsheet exported (UTF-8, with or without BOM, or GB18030 as older Chinese Excel writes it): no
    NUL bytes, decodable."""
    file.seek(0)
    data = file.read()
    if b"\x00" in data:
        raise FileRejected("content")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
            return
        except UnicodeDecodeError:
            continue
    raise FileRejected("content")


def check_xlsx(file):
    """An Office Open XML workbook: a zip holding the workbook part."""
    import zipfile

    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as error:
        raise FileRejected("content") from error
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FileRejected("content")
