"""Pictures made in memory for the image tests: plain, with EXIF, animated, and hostile files."""

import io
import struct
import zlib

from PIL import Image


def png(size=(40, 20), colour=(200, 30, 30), mode="RGB", **save):
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, format="PNG", **save)
    return out.getvalue()


def photo(size=(64, 48), *, exif=None, fmt="JPEG"):
    """A picture of many colours (a gradient), as a camera would give."""
    picture = Image.new("RGB", size)
    picture.putdata([((x * 4) % 256, (y * 5) % 256, (x * y) % 256) for y in range(size[1]) for x in range(size[0])])
    out = io.BytesIO()
    picture.save(out, format=fmt, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def exif_with(orientation=None, gps=False):
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        # GPSInfo: latitude 48°51'N, longitude 2°21'E.
        exif[0x8825] = {1: "N", 2: (48.0, 51.0, 0.0), 3: "E", 4: (2.0, 21.0, 0.0)}
    exif[0x010F] = "CameraMaker"
    return exif


def animated_gif(frames=3, size=(20, 20)):
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]
    images = [Image.new("RGB", size, colours[i % 3]) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    return out.getvalue()


def png_declaring(width, height):
    """A tiny PNG whose header claims `width` × `height` pixels: a decompression bomb."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
