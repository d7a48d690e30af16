"""Small things the journeys share: real image files to upload."""

from pathlib import Path

from PIL import Image, ImageDraw


def photo_file(tmp_path: Path, name: str, colour=(200, 40, 40)) -> str:
    path = tmp_path / name
    img = Image.new("RGB", (640, 480), colour)
    ImageDraw.Draw(img).rectangle((200, 150, 440, 330), outline=(255, 255, 255), width=8)
    img.save(path, "JPEG")
    return str(path)
