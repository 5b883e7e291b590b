"""The software people open the portal's files with, driven from the tests: poppler (pdfinfo,
pdftotext, pdftoppm, pdfdetach), qpdf, zbarimg and headless LibreOffice. Each is a Debian package that
bin/test installs; a missing one fails the test rather than skipping it."""

import re
import subprocess
import tempfile
from pathlib import Path


def run(*command, data=None, check=True):
    return subprocess.run(command, input=data, capture_output=True, check=check, timeout=300)


def _file(content, suffix, folder):
    path = Path(folder) / f"document{suffix}"
    path.write_bytes(content)
    return path


def pdfinfo(content, *options):
    """pdfinfo's fields as a dict («Pages», «Page size», «Tagged», …)."""
    with tempfile.TemporaryDirectory() as folder:
        out = run("pdfinfo", *options, str(_file(content, ".pdf", folder))).stdout.decode()
    if options:
        return out
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines()) if v}


def xmp(content):
    return pdfinfo(content, "-meta")


def page_text(content, page, *, region=None, layout=False):
    """The text of one page, or of a region of it (x, y, width, height in points from the top left)."""
    options = ["-f", str(page), "-l", str(page)]
    if region:
        x, y, width, height = region
        options += ["-x", str(x), "-y", str(y), "-W", str(width), "-H", str(height), "-r", "72"]
    if layout:
        options.append("-layout")
    with tempfile.TemporaryDirectory() as folder:
        return run("pdftotext", *options, str(_file(content, ".pdf", folder)), "-").stdout.decode()


def qpdf_check(content):
    """qpdf's structural check: (passed, what it said)."""
    with tempfile.TemporaryDirectory() as folder:
        result = run("qpdf", "--check", str(_file(content, ".pdf", folder)), check=False)
    return result.returncode == 0, result.stdout.decode() + result.stderr.decode()


def attachments(content):
    """The files embedded in a PDF, by name, as pdfdetach extracts them."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = _file(content, ".pdf", folder)
        out = Path(folder) / "out"
        out.mkdir()
        run("pdfdetach", "-saveall", "-o", str(out), str(pdf))
        return {path.name: path.read_bytes() for path in out.iterdir()}


def qr_codes(png):
    """What zbarimg decodes from a picture."""
    with tempfile.TemporaryDirectory() as folder:
        result = run("zbarimg", "-q", "--raw", str(_file(png, ".png", folder)), check=False)
    return result.stdout.decode().split()


def page_png(content, page, resolution=150):
    with tempfile.TemporaryDirectory() as folder:
        pdf = _file(content, ".pdf", folder)
        run(
            "pdftoppm",
            "-png",
            "-r",
            str(resolution),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(Path(folder) / "page"),
        )
        return (Path(folder) / "page.png").read_bytes()


def libreoffice_convert(content, suffix, to, *filter_options):
    """Convert a file with headless LibreOffice, as an office would open it; each call has its own
    profile, so that parallel test workers do not share one."""
    with tempfile.TemporaryDirectory() as folder:
        source = _file(content, suffix, folder)
        profile = Path(folder) / "profile"
        run(
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            *filter_options,
            "--convert-to",
            to,
            "--outdir",
            str(Path(folder) / "out"),
            str(source),
        )
        produced = list((Path(folder) / "out").iterdir())
        assert len(produced) == 1, produced
        return produced[0].read_bytes()


def pages(content):
    return int(pdfinfo(content)["Pages"])


def words(text):
    return re.sub(r"\s+", " ", text).strip()
