#!/usr/bin/env python3
"""Writes the picture corpus the comic tests decode (tests/comic.rs).

Bad pictures, each of which must be refused with a message naming it:
  truncated.png     a valid PNG cut in half (a copy that stopped midway)
  no-iend.png       a valid PNG with a tEXt chunk after its pixels, cut just before
                    its closing IEND chunk: every pixel is there, but the file ends
                    early (a decoder stops reading once it sees the tEXt chunk)
  half.jpg          a baseline JPEG cut at half its length; its comment segment
                    holds the bytes FF D9, as an EXIF thumbnail's end-of-image
                    marker does, so only a walk of the segments sees it is cut
  half-jpeg.png     the same bytes as half.jpg under a .png name
  half-progressive.jpg  a progressive JPEG cut at half its length
  half.webp         a lossy WebP cut at half its length
  cut-exif.webp     a lossy WebP photo whose EXIF chunk (Orientation=6), stored after
                    the pixels, is cut short: decoders show it, but not turned
  bad-crc.png       a valid PNG with one byte of IDAT flipped, so its CRC fails
  zero.png          0 bytes
  huge-header.png   a tiny PNG whose IHDR (with a correct CRC) claims 30000x30000,
                    so only the size check can refuse it
  not-an-image.png  text with a .png name
Good pictures:
  photo-exif6.jpg   40x20 pixels stored, EXIF Orientation=6 (turn 90 degrees
                    clockwise): upright it is 20x40; the stored left half is red and
                    the right half blue, so upright the top is red, the bottom blue
  small.webp        32x24, lossless, left half green, right half white
  trailer.jpg       the whole JPEG that half.jpg was cut from, 64x64, followed by
                    bytes after its end-of-image marker as some cameras append

The files are committed; rerun this (python3 tests/images/make.py, needs Pillow)
only to change them. The output is deterministic.
"""
import io
import os
import random
import struct
import zlib

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, rows: bytes) -> bytes:
    """An 8-bit RGB PNG from raw filtered scanlines."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def noisy_rows(width: int, height: int) -> bytes:
    rng = random.Random(4)
    out = bytearray()
    for y in range(height):
        out.append(0)  # filter type None
        for x in range(width):
            out += bytes((x * 4 % 256, y * 4 % 256, rng.randrange(256)))
    return bytes(out)


def noisy_photo(width: int, height: int) -> Image.Image:
    """A gradient with noise, so the compressed data fills most of the file."""
    rng = random.Random(8)
    photo = Image.new("RGB", (width, height))
    photo.putdata(
        [
            (x * 4 % 256, y * 4 % 256, rng.randrange(256))
            for y in range(height)
            for x in range(width)
        ]
    )
    return photo


def saved(image: Image.Image, kind: str, **options) -> bytes:
    buf = io.BytesIO()
    image.save(buf, kind, **options)
    return buf.getvalue()


def half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def write(name: str, data: bytes) -> None:
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main() -> None:
    good = png(64, 64, noisy_rows(64, 64))

    write("truncated.png", half(good))

    iend = chunk(b"IEND", b"")
    assert good.endswith(iend)
    write("no-iend.png", good[: -len(iend)] + chunk(b"tEXt", b"Comment\0copied from a phone"))

    # Flip one byte in the middle of the IDAT payload; the chunk's CRC no longer matches.
    idat = good.index(b"IDAT")
    length = struct.unpack(">I", good[idat - 4 : idat])[0]
    at = idat + 4 + length // 2
    bad = bytearray(good)
    bad[at] ^= 0xFF
    write("bad-crc.png", bytes(bad))

    write("zero.png", b"")

    # IHDR claims 30000x30000; the single (valid) IDAT holds one row of a 1x1 image.
    huge = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00"))
        + chunk(b"IEND", b"")
    )
    write("huge-header.png", huge)

    write("not-an-image.png", "这不是图片 / this is not a picture\n".encode("utf-8"))

    photo = Image.new("RGB", (40, 20), (220, 30, 30))
    photo.paste((30, 30, 220), (20, 0, 40, 20))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to display
    buf = io.BytesIO()
    photo.save(buf, "JPEG", quality=95, exif=exif.tobytes())
    write("photo-exif6.jpg", buf.getvalue())

    webp = Image.new("RGB", (32, 24), (255, 255, 255))
    webp.paste((0, 160, 0), (0, 0, 16, 24))
    buf = io.BytesIO()
    webp.save(buf, "WEBP", lossless=True)
    write("small.webp", buf.getvalue())

    photo = noisy_photo(64, 64)
    jpeg = saved(photo, "JPEG", quality=90, comment=b"thumbnail ends \xff\xd9 here")
    assert jpeg.endswith(b"\xff\xd9")
    assert half(jpeg).find(b"\xff\xd9") > 0, "the cut half still holds FF D9"
    write("half.jpg", half(jpeg))
    write("half-jpeg.png", half(jpeg))
    write("trailer.jpg", jpeg + b"\x00" * 16 + b"SEFT camera trailer \xff\xd8\xff\xd9")

    progressive = saved(photo, "JPEG", quality=90, progressive=True)
    assert progressive.count(b"\xff\xda") > 1, "several scans"
    write("half-progressive.jpg", half(progressive))

    write("half.webp", half(saved(photo, "WEBP", quality=80)))

    exif = Image.Exif()
    exif[0x0112] = 6
    turned = saved(photo, "WEBP", quality=80, exif=exif.tobytes())
    assert turned.index(b"EXIF") > turned.index(b"VP8 "), "the EXIF chunk comes last"
    write("cut-exif.webp", turned[:-10])


if __name__ == "__main__":
    main()
