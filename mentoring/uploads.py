"""One policy for every uploaded file: what a file is, read from its content and never from its name;
how large it may be; how far an archive (DOCX, XLSX, ODF) may unpack before anything opens it; and
the limits and the time and memory budget of reading a table. Images are re-encoded from their
pixels. Every refusal is a ValidationError saying in Russian what was wrong or too big.

Python's zipfile never unpacks an entry past the size its directory declares (a lying entry fails its
check), so the declared sizes checked here bound what openpyxl and python-docx may unpack later."""

import io
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MB = 1024 * 1024

# What a file can be found to be.
PDF, JPEG, PNG = "pdf", "jpeg", "png"
DOCX, XLSX, PPTX, ODT, ODS = "docx", "xlsx", "pptx", "odt", "ods"
OLE = "ole"  # an old .doc/.xls (an old-format file with a password is not told apart)
ENCRYPTED = "encrypted"  # an Office file saved with a password: a compound file with an EncryptedPackage
TEXT = "text"  # plain text: a CSV
HTML, SVG, XML, ZIP, BINARY, EMPTY = "html", "svg", "xml", "zip", "binary", "empty"

FOUND = {
    PDF: gettext_lazy("a PDF document"),
    JPEG: gettext_lazy("a JPEG image"),
    PNG: gettext_lazy("a PNG image"),
    DOCX: gettext_lazy("a Word document (.docx)"),
    XLSX: gettext_lazy("an Excel workbook (.xlsx)"),
    PPTX: gettext_lazy("a PowerPoint presentation (.pptx)"),
    ODT: gettext_lazy("an OpenDocument text (.odt)"),
    ODS: gettext_lazy("an OpenDocument spreadsheet (.ods)"),
    OLE: gettext_lazy("an old-format Office file (.doc/.xls)"),
    ENCRYPTED: gettext_lazy("an Office file protected with a password"),
    TEXT: gettext_lazy("a text file (such as CSV)"),
    HTML: gettext_lazy("a web page (HTML)"),
    SVG: gettext_lazy("an SVG drawing"),
    XML: gettext_lazy("an XML file"),
    ZIP: gettext_lazy("a ZIP archive"),
    BINARY: gettext_lazy("a file of an unknown type (neither a document, nor a table, nor an image)"),
}
SUFFIX = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", DOCX: ".docx", XLSX: ".xlsx", PPTX: ".pptx", ODT: ".odt"}
SUFFIX |= {ODS: ".ods", TEXT: ".csv"}
BINARY_SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".xlsm", ".pptx", ".odt", ".ods", ".doc", ".xls"}

# Archives: an Office file of a few megabytes unpacks to a few tens at most.
MAX_ENTRIES = 1000
MAX_ENTRY_BYTES = 40 * MB
MAX_TOTAL_BYTES = 80 * MB
MAX_RATIO = 100  # checked for entries over RATIO_FROM: Office XML compresses 5–20 times
RATIO_FROM = 1 * MB
# Tables.
MAX_SHARED_STRINGS = 500_000
MAX_CELLS = 1_000_000


@dataclass(frozen=True)
class Policy:
    """What one upload field accepts."""

    what: str  # «the consent scan», for the messages
    kinds: frozenset
    max_mb: int | None = None  # None: settings.UPLOAD_MAX_BYTES

    @property
    def max_bytes(self):
        return self.max_mb * MB if self.max_mb else settings.UPLOAD_MAX_BYTES


DOCUMENTS = frozenset({PDF, DOCX, XLSX, PPTX, ODT, ODS, OLE, JPEG, PNG})
SCAN = Policy(gettext_lazy("A scan"), frozenset({PDF, JPEG, PNG}))
EVIDENCE = Policy(gettext_lazy("An evidence file"), DOCUMENTS)
PHOTO = Policy(gettext_lazy("A photo"), frozenset({JPEG, PNG}))
PRACTICE_FILE = Policy(gettext_lazy("A file of a case"), DOCUMENTS)
ROADMAP_IMPORT = Policy(gettext_lazy("A roadmap file"), frozenset({DOCX, ODT, PDF, XLSX, TEXT}), max_mb=20)
BASE_IMPORT = Policy(gettext_lazy("A base file"), frozenset({XLSX, TEXT}))
ORDER_PDF = Policy(gettext_lazy("The order to check"), frozenset({PDF}))


def _size_error(size, limit):
    return ValidationError(
        _("The file is too large: %(size).1f MB, at most %(max)d MB.") % {"size": size / MB, "max": limit // MB}
    )


def _damaged():
    return ValidationError(_("The file is damaged and cannot be opened (an archive that ends too early?)."))


def private(response):
    """A download of personal data (a scan, a base, an order, an evidence file): kept by no cache,
    neither a shared one nor the browser's."""
    response["Cache-Control"] = "private, no-store"
    return response


# --- What a file is ----------------------------------------------------------------------------------------------


def _text_kind(head):
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return BINARY
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"\xff\xfe") or start.startswith(b"\xfe\xff"):
        start = head.decode("utf-16", errors="ignore").lstrip().lower().encode()
    if b"<svg" in start[:2048]:
        return SVG
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<meta")):
        return HTML
    if re.search(rb"<(html|body|script|table|div|iframe)[\s>]", start[:4096]):
        return HTML
    if start.startswith(b"<?xml"):
        return XML
    return TEXT


def sniff(file):
    """What the file is, from its first bytes and, for a ZIP, its list of entries. Archives are checked
    against the limits first. `file` is a seekable binary file; it is left at its start."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if not head:
        return EMPTY
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG"):
        return PNG
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ENCRYPTED if _holds(file, "EncryptedPackage".encode("utf-16-le")) else OLE
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_kind(file)
    return _text_kind(head)


def _holds(file, needle):
    """Whether the file contains `needle`, read in pieces."""
    tail = b""
    try:
        while chunk := file.read(MB):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
        return False
    finally:
        file.seek(0)


def _zip_kind(file):
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(check_archive(archive))
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise _damaged() from None
    finally:
        file.seek(0)
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if "ppt/presentation.xml" in names:
        return PPTX
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return ODT
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return ODS
    return ZIP


def check_archive(archive):
    """The names of a ZipFile's entries, once their count, sizes and compression ratios are within the
    limits; nothing is unpacked."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise ValidationError(
            _("The file is an archive of %(n)d parts, at most %(max)d are allowed.")
            % {"n": len(entries), "max": MAX_ENTRIES}
        )
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise ValidationError(_("The file is protected with a password: save it without one."))
        if entry.file_size > MAX_ENTRY_BYTES:
            raise ValidationError(
                _("The part «%(name)s» of the file unpacks to %(size)d MB, at most %(max)d MB are allowed.")
                % {"name": entry.filename[:80], "size": entry.file_size // MB, "max": MAX_ENTRY_BYTES // MB}
            )
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_FROM and ratio > MAX_RATIO:
            raise ValidationError(
                _(
                    "The part «%(name)s» of the file is compressed %(ratio)d times (at most %(max)d): "
                    "it unpacks to far more than it weighs."
                )
                % {"name": entry.filename[:80], "ratio": ratio, "max": MAX_RATIO}
            )
        total += entry.file_size
        if total > MAX_TOTAL_BYTES:
            raise ValidationError(_("The file unpacks to more than %(max)d MB.") % {"max": MAX_TOTAL_BYTES // MB})
    return [entry.filename for entry in entries]


def check(upload, policy):
    """The kind of `upload` if `policy` accepts it; otherwise a ValidationError saying why in Russian.
    The upload is left at its start."""
    size = upload.size if upload.size is not None else len(upload.read())
    if size > policy.max_bytes:
        raise _size_error(size, policy.max_bytes)
    kind = sniff(upload)
    if kind == EMPTY:
        raise ValidationError(_("The file is empty."))
    suffix = PurePosixPath(upload.name or "").suffix.lower()
    if kind == TEXT and suffix in BINARY_SUFFIXES:
        # Plain text named like a document: the name only helps to say what is wrong.
        raise ValidationError(
            _("The file is named «%(suffix)s» but is plain text: it is damaged or renamed.") % {"suffix": suffix}
        )
    if kind in policy.kinds:
        return kind
    allowed = ", ".join(str(FOUND[k]) for k in sorted(policy.kinds))
    if kind == ENCRYPTED:
        raise ValidationError(_("The file is protected with a password: save it without one and upload it again."))
    if kind == OLE:
        raise ValidationError(
            _(
                "The file is in an old format (.doc/.xls) or encrypted: save it as .docx/.xlsx without a "
                "password. %(what)s may be: %(allowed)s."
            )
            % {"what": policy.what, "allowed": allowed}
        )
    raise ValidationError(
        _("This file is %(found)s, whatever its name says. %(what)s may be: %(allowed)s.")
        % {"found": FOUND[kind], "what": policy.what, "allowed": allowed}
    )


def checked(upload, policy):
    """The file to keep: the upload itself, or an image re-encoded from its pixels alone (no EXIF with
    the time, the device or the place; nothing hidden after the picture)."""
    kind = check(upload, policy)
    if kind in (JPEG, PNG):
        return reencoded_image(upload, kind)
    if kind in SUFFIX:
        # Stored under the suffix of what it is, whatever the name said.
        upload.name = (PurePosixPath(upload.name or "file").stem[:200] or "file") + SUFFIX[kind]
    return upload


def cleaned(value, policy):
    """For a form's clean_<field>(): a new upload checked (and re-encoded if an image); an empty or
    already stored value as it is."""
    from django.core.files.uploadedfile import UploadedFile

    return checked(value, policy) if isinstance(value, UploadedFile) else value


def reencoded_image(upload, kind):
    from PIL import Image, ImageOps, UnidentifiedImageError

    fmt = "PNG" if kind == PNG else "JPEG"
    try:
        with Image.open(upload) as image:
            if image.width * image.height > 50_000_000:
                raise ValidationError(_("The image is too large: at most 50 megapixels."))
            image = ImageOps.exif_transpose(image)  # keep the orientation the EXIF gave it
            if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, format=fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(_("The image is damaged: a JPEG or PNG image is expected.")) from None
    stem = PurePosixPath(upload.name or "image").stem[:200] or "image"
    return ContentFile(buffer.getvalue(), name=stem + SUFFIX[kind])


# --- Reading tables within a budget ------------------------------------------------------------------------------


def _rss_mb():
    """The process's current resident memory, where /proc tells it."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * 4096 / MB
    except (OSError, ValueError, IndexError):
        return None


class Budget:
    """The time and memory one import may take (settings IMPORT_TIME_BUDGET_SECONDS and
    IMPORT_MEMORY_BUDGET_MB); `spend()` is called as rows are read and refuses the file once over."""

    def __init__(self):
        self.deadline = time.monotonic() + settings.IMPORT_TIME_BUDGET_SECONDS
        self.start_mb = _rss_mb()
        self.calls = 0

    def spend(self):
        self.calls += 1
        if self.calls % 500:
            return
        if time.monotonic() > self.deadline:
            raise ValidationError(
                _("Reading the file took longer than %(n)d seconds: split it into smaller files.")
                % {"n": settings.IMPORT_TIME_BUDGET_SECONDS}
            )
        now_mb = _rss_mb()
        grown = now_mb - self.start_mb if now_mb is not None and self.start_mb is not None else 0
        if grown > settings.IMPORT_MEMORY_BUDGET_MB:
            raise ValidationError(
                _("Reading the file needs more than %(n)d MB of memory: split it into smaller files.")
                % {"n": settings.IMPORT_MEMORY_BUDGET_MB}
            )


_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")


def _shared_strings_in(archive):
    name = next((n for n in archive.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if name is None:
        return 0
    count, tail = 0, b""
    with archive.open(name) as stream:
        while chunk := stream.read(MB):
            data = tail + chunk
            count += len(_SHARED_STRING.findall(data))
            # Keep a tag cut at the chunk's end for the next round, without counting it twice.
            cut = max(data.rfind(b"<"), len(data) - 32)
            tail = data[cut:]
            count -= len(_SHARED_STRING.findall(tail))
            if count > MAX_SHARED_STRINGS:
                break
    return count


def xlsx_workbook(data):
    """An openpyxl read-only workbook of checked XLSX bytes, once its shared strings (which openpyxl
    loads whole before the first row) are within the limit."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive)
            n = _shared_strings_in(archive)
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise _damaged() from None
    if n > MAX_SHARED_STRINGS:
        raise ValidationError(
            _("The workbook holds more than %(max)d different texts: it is not a table the portal can read.")
            % {"max": MAX_SHARED_STRINGS}
        )
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ValidationError:
        raise
    except Exception:  # openpyxl raises many kinds for a broken file
        raise ValidationError(_("The Excel file is damaged and cannot be opened.")) from None


def sheet_rows(sheet, *, max_rows, max_columns, budget):
    """The rows of a read-only sheet as tuples of cells, empty rows included and counted: a sheet of a
    million empty rows is refused at the first row over `max_rows`, not read to its end."""
    cells = 0
    try:
        for number, row in enumerate(sheet.iter_rows(max_col=max_columns), 1):
            if number > max_rows:
                raise ValidationError(
                    _("The sheet «%(sheet)s» has more than %(n)d rows (empty ones count too).")
                    % {"sheet": sheet.title, "n": max_rows}
                )
            cells += sum(1 for cell in row if cell.value is not None)
            if cells > MAX_CELLS:
                raise ValidationError(_("The file has more than %(n)d cells.") % {"n": MAX_CELLS})
            budget.spend()
            yield row
    except ValidationError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a broken sheet
        raise ValidationError(_("The Excel file is damaged and cannot be opened.")) from error
