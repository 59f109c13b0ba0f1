"""Files users upload — site photos, floor plans and renderings today; contract scans, acceptance photos and archive
files later: which kinds a field accepts, the check of the whole content, what is stored, and how it is served.

An app declares one `UploadRule` per upload field (see leads/uploads.py), then:
- forms use `UploadField(rule=...)` / `MultipleUploadField(rule=...)`, which check and screen each file;
- services store `rule.screen(upload)`, never the raw upload (free for a file a form already screened);
- models list a module-level function calling `rule.validate` as the field's validator (migrations name it);
- download views answer with `file_response(stored)` (streamed from disk, or a short-lived signed URL on object
  storage: decocrm.core.storage).

Screening re-encodes images (pixels only, see filechecks) instead of refusing data after the image's end marker:
phones append their "motion photo" video after the JPEG end, which a salesperson's site photos must survive, and a
payload can sit inside the image's own metadata, where an end-of-file check never looks. Other kinds are stored as
uploaded once their whole content passed their check.
"""

import io
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.http import quote
from django.utils.translation import gettext_lazy as _

from . import filechecks
from .filechecks import FileRejected


@dataclass(frozen=True, eq=False)
class FileKind:
    """What the files of one extension must contain, and how they are served."""

    content_type: str  # what we serve it as, whatever the uploader's browser claimed
    check: object = None  # content check of a non-image: filechecks.check_pdf …
    image_formats: frozenset = frozenset()  # an image: the Pillow formats it may be; re-encoded and shown inline
    save_as: str = ""  # the Pillow format an image is re-encoded to

    @property
    def is_image(self) -> bool:
        return bool(self.image_formats)


JPEG = FileKind("image/jpeg", image_formats=frozenset({"JPEG", "MPO"}), save_as="JPEG")  # MPO: phones' depth photos
PNG = FileKind("image/png", image_formats=frozenset({"PNG"}), save_as="PNG")
WEBP = FileKind("image/webp", image_formats=frozenset({"WEBP"}), save_as="WEBP")
PDF = FileKind("application/pdf", check=filechecks.check_pdf)
# A drawing is opened in a CAD program: a generic type, so no browser ever tries to display one.
DWG = FileKind("application/octet-stream", check=filechecks.check_dwg)
DXF = FileKind("application/octet-stream", check=filechecks.check_dxf)

IMAGE_KINDS = {"jpg": JPEG, "jpeg": JPEG, "png": PNG, "webp": WEBP}
PDF_KINDS = {"pdf": PDF}
CAD_KINDS = {"dwg": DWG, "dxf": DXF}
KNOWN_KINDS = {**IMAGE_KINDS, **PDF_KINDS, **CAD_KINDS}
# Spreadsheets to import (decocrm.core.imports): downloaded as files, never shown.
CSV = FileKind("text/csv", check=filechecks.check_csv)
XLSX = FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", check=filechecks.check_xlsx)
SPREADSHEET_KINDS = {"csv": CSV, "xlsx": XLSX}

MESSAGES = {
    "content": _("“%(name)s” does not look like a .%(ext)s file; it may be damaged or renamed."),
    "markup": _("“%(name)s” contains web page code (HTML or script), which a .%(ext)s file never does."),
    "image_pixels": _("“%(name)s” has too many pixels (at most %(limit)d megapixels); shrink it and upload it again."),
    "pdf_password": _("“%(name)s” is password-protected; save it without a password and upload it again."),
}


class ScreenedFile(File):
    """An upload that passed `UploadRule.screen`: its content is `kind` through and through (images re-encoded)."""

    def __init__(self, file, name, kind):
        super().__init__(file, name)
        self.kind = kind


def _extension(name) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def max_image_pixels() -> int:
    return int(getattr(settings, "UPLOAD_MAX_IMAGE_PIXELS", filechecks.DEFAULT_MAX_IMAGE_PIXELS))


@dataclass(frozen=True)
class UploadRule:
    """What one upload field accepts: the kinds by extension and a size limit, a setting in MB read at check time."""

    kinds: Mapping = field(default_factory=lambda: KNOWN_KINDS)
    max_mb_setting: str = "UPLOAD_MAX_MB"
    default_max_mb: int = 20

    def max_bytes(self) -> int:
        return int(getattr(settings, self.max_mb_setting, self.default_max_mb)) * 1024 * 1024

    def validate(self, upload):
        """Raise a ValidationError naming the file unless it is one of `kinds` through and through. A file already
        stored is not checked again: it was when it came in."""
        if isinstance(upload, FieldFile) and upload._committed:
            return
        image = self._inspect(upload)[2]
        if image is not None:
            image.close()

    def screen(self, upload) -> ScreenedFile:
        """Check the upload and return what to store: a new file holding the image's pixels only, or the checked
        upload itself."""
        name, kind, image = self._inspect(upload)
        if image is None:
            return upload if isinstance(upload, ScreenedFile) else ScreenedFile(upload, name, kind)
        try:
            with image:
                data = filechecks.reencode_image(image, kind.save_as)
        except Exception as error:  # an image Pillow decodes but cannot write back is not one we can store
            raise self._error(FileRejected("content"), name) from error
        return ScreenedFile(io.BytesIO(data), name, kind)

    def _inspect(self, upload):
        """(name, kind, the decoded image or None); raises ValidationError."""
        name = os.path.basename(getattr(upload, "name", "") or "")
        ext = _extension(name)
        if ext not in self.kinds:
            kinds = ", ".join(sorted(self.kinds))
            raise ValidationError(
                _("“%(name)s” is not an accepted file type (accepted: %(kinds)s).") % {"name": name, "kinds": kinds},
                code="file_type",
            )
        kind = self.kinds[ext]
        inner = upload.file if isinstance(upload, FieldFile) else upload
        if isinstance(inner, ScreenedFile) and inner.kind is kind:
            return name, kind, None  # checked on the way in (a re-encoded image may be a little larger)
        limit = self.max_bytes()
        if upload.size > limit:
            raise ValidationError(
                _("“%(name)s” is %(size).1f MB; files may be at most %(limit)d MB.")
                % {"name": name, "size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024},
                code="file_size",
            )
        if upload.size == 0:
            raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="file_empty")
        position = upload.tell() if hasattr(upload, "tell") else 0
        try:
            if kind.is_image:
                return name, kind, filechecks.decode_image(upload, kind.image_formats, max_image_pixels())
            kind.check(upload)
            return name, kind, None
        except FileRejected as rejected:
            raise self._error(rejected, name) from rejected
        finally:
            upload.seek(position)

    @staticmethod
    def _error(rejected, name):
        params = {"name": name, "ext": _extension(name), **rejected.params}
        if "limit" in params and rejected.code == "image_pixels":
            params["limit"] = params["limit"] // 1_000_000
        return ValidationError(MESSAGES[rejected.code] % params, code=f"file_{rejected.code}")


# --- Serving


# Path separators, quotes, control characters (CR/LF: header injection) and the rest of what a file name must not carry.
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


def download_name(original: str, stored_name: str) -> str:
    """The name a download is offered under: what the uploader called the file, neutralised, ending with the stored
    file's extension (the type is ours, whatever the original name claimed); the stored name when none is known."""
    stored = stored_name.rsplit("/", 1)[-1]
    ext = _extension(stored)
    name = _UNSAFE_IN_NAME.sub("_", unicodedata.normalize("NFC", original or "")).strip(" ._")[:150]
    if not name:
        return stored
    return name if not ext or _extension(name) == ext else f"{name}.{ext}"


def _ascii_only(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _UNSAFE_IN_NAME.sub("_", text).strip(" ._")


def content_disposition(name: str, *, as_attachment: bool) -> str:
    """RFC 6266 with RFC 5987: an ASCII `filename` for old clients and `filename*` in UTF-8 for everyone else (a
    Chinese name arrives as typed). Django's own header gives no ASCII fallback for a non-ASCII name."""
    stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
    stem, ext = (_ascii_only(part) for part in (stem, ext))
    ascii_name = (stem or "download") + (f".{ext}" if dot and ext else "")
    disposition = "attachment" if as_attachment else "inline"
    header = f'{disposition}; filename="{ascii_name}"'
    if ascii_name != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def file_response(stored, kinds=None, *, original_name: str = ""):
    """Serve a stored upload to someone already allowed to see it. Images inline with their own type; everything else
    as a download, under the name the uploader gave it (`original_name`; the stored name stays random and
    unguessable). The type always comes from our table (never from the upload), browsers may not sniff another, and
    a sandbox policy stops script should a browser render the file anyway. On object storage the answer is a redirect
    to a signed URL valid UPLOAD_URL_EXPIRY seconds, carrying the same type and disposition, from the bucket's own
    origin (never the app's, so a file a browser rendered anyway reaches no cookie of ours)."""
    if not stored:
        raise Http404
    filename = stored.name.rsplit("/", 1)[-1]
    kind = (kinds or KNOWN_KINDS).get(_extension(filename))
    as_attachment = not (kind and kind.is_image)
    content_type = kind.content_type if kind else "application/octet-stream"
    disposition = content_disposition(download_name(original_name, filename), as_attachment=as_attachment)
    signed_url = getattr(stored.storage, "signed_url", None)
    if signed_url:  # object storage (decocrm.core.s3): a URL that dies shortly after this check
        url = signed_url(
            stored.name, expire=settings.UPLOAD_URL_EXPIRY, content_type=content_type, disposition=disposition
        )
        redirect = HttpResponseRedirect(url)
        patch_cache_control(redirect, private=True, no_store=True)
        return redirect
    try:
        handle = stored.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=as_attachment, content_type=content_type)
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    patch_cache_control(response, private=True)  # customers' files: never kept by a shared cache
    return response


# --- Form fields


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadField(forms.FileField):
    """One file under `rule`; cleans to the screened file, so the service stores it without checking it twice."""

    def __init__(self, *args, rule: UploadRule, **kwargs):
        self.rule = rule
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and not isinstance(upload, FieldFile):
            upload = self.rule.screen(upload)
        return upload


class MultipleUploadField(forms.FileField):
    """Several files in one input (site photos, renderings), each under `rule`; every bad file is named."""

    widget = MultipleFileInput

    def __init__(self, *args, rule: UploadRule, **kwargs):
        self.rule = rule
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        cleaned, errors = [], []
        for upload in uploads:
            try:
                cleaned.append(self.rule.screen(super().clean(upload, initial)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        if self.required and not cleaned:
            raise ValidationError(self.error_messages["required"], code="required")
        return cleaned


# An import file (decocrm.core.import_jobs): CSV or XLSX, up to IMPORT_MAX_MB (default 20).
SPREADSHEET_RULE = UploadRule(kinds=SPREADSHEET_KINDS, max_mb_setting="IMPORT_MAX_MB")
