"""Small binary samples for the upload and XSS tests."""

from __future__ import annotations

from io import BytesIO

from PIL import Image

# A Windows executable's first bytes ("MZ" DOS header) and a Linux ELF header.
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run in DOS mode."
LINUX_ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 44


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "JPEG")
    return out.getvalue()
