"""The QR-code requisite (ГОСТ Р 7.0.97-2025: «Штрих-код (QR-код) документа»): the document's
verification address, as an SVG for the PDFs and a PNG for Word."""

import base64
import io


def svg_data_uri(text, *, border=1):
    """`border` is the quiet zone in modules: a slip to be scanned from paper by a phone keeps the four
    the QR standard asks for."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=3, border=border)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def png_bytes(text):
    import segno

    buffer = io.BytesIO()
    # Large modules: Word scales the picture down to 2 cm, and a scanner still reads it from paper.
    segno.make(text, error="m").save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue()
