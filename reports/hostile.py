"""The hostile files every upload endpoint must refuse: zip bombs, encrypted, truncated and renamed
files, a file over the limit, text in a wrong encoding, HTML and SVG. Built by code at run time (a
few hundred KB each on disk at most; nothing big is committed), for the tests and for
`manage.py bench --only hostile_import`. Each builder returns the file's bytes."""

import io
import struct
import zipfile
import zlib

MB = 1024 * 1024

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
XLSX_RELS = DOCX_RELS.replace("word/document.xml", "xl/workbook.xml")
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _streamed(archive, name, head, chunk, times, tail):
    """An entry written in pieces, so that building a bomb never holds it whole in memory."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as entry:
        entry.write(head)
        for _ in range(times):
            entry.write(chunk)
        entry.write(tail)


def _package(parts, big=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        if big:
            _streamed(archive, *big)
    return buffer.getvalue()


def _docx(body_head, chunk, times, body_tail):
    return _package(
        {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": DOCX_RELS},
        big=("word/document.xml", body_head, chunk, times, body_tail),
    )


def _xlsx(sheet=None, strings=None):
    """A workbook; `sheet` or `strings` as (head, chunk, times, tail) for the big part."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": XLSX_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
    }
    big = None
    if sheet:
        big = ("xl/worksheets/sheet1.xml", *sheet)
        parts["xl/sharedStrings.xml"] = f'<sst {SHEET_NS} count="0" uniqueCount="0"></sst>'
    else:
        parts["xl/worksheets/sheet1.xml"] = (
            f'<worksheet {SHEET_NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
        )
        big = ("xl/sharedStrings.xml", *strings)
    return _package(parts, big=big)


DOCX_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
    b'wordprocessingml/2006/main"><w:body>'
)
DOCX_TAIL = b"</w:body></w:document>"


def docx_bomb():
    """A Word file of ~150 KB whose document.xml unpacks to 150 MB (the issue's 224 KB one)."""
    paragraph = b"<w:p><w:r><w:t>" + b"A" * 1000 + b"</w:t></w:r></w:p>"
    return _docx(DOCX_HEAD, paragraph * 100, 150 * MB // (len(paragraph) * 100), DOCX_TAIL)


def xlsx_empty_rows():
    """A workbook of ~300 KB whose sheet is 17 million empty rows (the issue's 60 s one)."""
    head = f"<worksheet {SHEET_NS}><sheetData>".encode()
    return _xlsx(sheet=(head, b"<row/>" * 10_000, 1_700, b"</sheetData></worksheet>"))


def xlsx_far_row():
    """A tiny workbook with a header and one cell at row 1,000,000: a reader fills the gap with empty rows."""
    head = f"<worksheet {SHEET_NS}><sheetData>".encode()
    header = "".join(
        f'<c r="{column}1" t="inlineStr"><is><t>{text}</t></is></c>'
        for column, text in (("A", "Фамилия"), ("B", "Имя"))
    )
    header = f'<row r="1">{header}</row>'
    cell = b'<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>'
    return _xlsx(sheet=(head + header.encode(), cell, 1, b"</sheetData></worksheet>"))


def xlsx_shared_strings():
    """A workbook of ~500 KB declaring 13 million shared strings (the issue's 72 s one)."""
    head = f'<sst {SHEET_NS} count="13000000" uniqueCount="13000000">'.encode()
    return _xlsx(strings=(head, b"<si><t></t></si>" * 10_000, 1_300, b"</sst>"))


def xlsx_many_strings_within_size():
    """600,000 different shared strings in a part small and varied enough to pass the size checks."""
    head = f'<sst {SHEET_NS} count="600000" uniqueCount="600000">'.encode()
    chunk = b"".join(b"<si><t>%x</t></si>" % (i * 2654435761 % 2**32) for i in range(600_000))
    return _xlsx(strings=(head, chunk, 1, b"</sst>"))


def encrypted_office():
    """What Office saves with a password: a compound file holding an «EncryptedPackage» stream."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHH", 0x3E, 3, 0xFFFE)
    header = header.ljust(512, b"\x00")
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\x00") + struct.pack("<H", 34)
    return header + entry.ljust(128, b"\x00") + b"\x00" * 4096


def password_zip():
    """A Word file whose parts are marked as encrypted with a ZIP password (zipfile cannot write one:
    the flag is set in the headers afterwards)."""
    data = bytearray(_docx(DOCX_HEAD, b"<w:p/>", 10, DOCX_TAIL))
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + flag_at] |= 0x1
            start += 4
    return bytes(data)


def truncated_docx():
    """A Word file cut off halfway through (an interrupted download)."""
    whole = _docx(DOCX_HEAD, "<w:p><w:r><w:t>Мероприятие</w:t></w:r></w:p>".encode(), 2000, DOCX_TAIL)
    return whole[: len(whole) // 2]


def renamed_executable():
    """A Windows program named like a document."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 4096


def huge_file():
    """21 MB: over every upload limit."""
    return b"%PDF-1.4\n" + b"0" * (21 * MB)


def utf16_without_bom():
    """A CSV in UTF-16 without its byte-order mark: text no reader can tell from binary."""
    return "Фамилия;Имя;Отчество\nИванов;Иван;Иванович\n".encode("utf-16-le")


def html_page():
    return (
        "<!DOCTYPE html><html><head><title>План</title></head><body><table><tr><td>Мероприятие</td>"
        "<td><script>alert(document.cookie)</script></td></tr></table></body></html>"
    ).encode()


def svg_image():
    return b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def odt_bomb():
    """An OpenDocument text whose content.xml unpacks to 50 MB of spaces."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>'
    )
    tail = b"</text:p></office:text></office:body></office:document-content>"
    return _package(
        {"mimetype": "application/vnd.oasis.opendocument.text"}, big=("content.xml", head, b" " * MB, 50, tail)
    )


def pdf_bomb():
    """A one-page PDF of 100 KB whose page unpacks to 100 MB of text operators: harmless where PDFs are
    kept unread, but PDFium reading it for a roadmap took minutes and gigabytes."""
    operator = b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n"
    compressor = zlib.compressobj(9)
    chunk = operator * (MB // len(operator))
    stream = b"".join(compressor.compress(chunk) for _ in range(100)) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


# name in the upload, builder, the kind of refusal (the tests check its Russian words)
CORPUS = {
    "docx_bomb": ("plan.docx", docx_bomb, "unpacks"),
    "xlsx_empty_rows": ("plan.xlsx", xlsx_empty_rows, "unpacks"),
    "xlsx_far_row": ("plan.xlsx", xlsx_far_row, "rows"),
    "xlsx_shared_strings": ("plan.xlsx", xlsx_shared_strings, "unpacks"),
    "xlsx_many_strings": ("plan.xlsx", xlsx_many_strings_within_size, "strings"),
    "encrypted_office": ("plan.docx", encrypted_office, "encrypted"),
    "password_zip": ("plan.docx", password_zip, "password"),
    "truncated_docx": ("plan.docx", truncated_docx, "damaged"),
    "renamed_executable": ("scan.pdf", renamed_executable, "type"),
    "huge_file": ("scan.pdf", huge_file, "large"),
    "utf16_without_bom": ("base.csv", utf16_without_bom, "type"),
    "html_page": ("plan.csv", html_page, "html"),
    "svg_image": ("photo.png", svg_image, "svg"),
}
# Which endpoints read the file's rows: the others refuse the table files for their type alone.
TABLE_ONLY = {"xlsx_far_row", "xlsx_many_strings"}
WORST = "docx_bomb"
