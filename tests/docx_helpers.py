"""Reading back the Word files clear writes: python-docx for the structure, LibreOffice for
the printed pages."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(path: Path) -> Any:
    import docx

    return docx.Document(str(path))


def headings(doc: Any) -> list[tuple[str, str]]:
    """(style name, text) of every heading and the title, in order."""
    return [
        (p.style.name, p.text)
        for p in doc.paragraphs
        if p.style.name == "Title" or p.style.name.startswith("Heading")
    ]


def header_rows_repeat(doc: Any) -> bool:
    """Every table's first row is marked to repeat at the top of each page."""
    for t in doc.tables:
        props = t.rows[0]._tr.trPr
        if props is None or props.find(f"{W}tblHeader") is None:
            return False
    return bool(doc.tables)


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(path: Path, work: Path) -> Path:
    """Convert with LibreOffice (its own profile folder, so parallel runs do not clash)."""
    exe = soffice()
    assert exe is not None
    profile = work / "lo-profile"
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return work / f"{path.stem}.pdf"


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run(
        ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def pdf_page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
