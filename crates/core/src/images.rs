//! Decoding pictures staff bring (PNG, JPEG, WebP) safely: a file cut short is
//! refused before it is decoded, dimensions are checked before any pixels are
//! allocated, phone photos are turned upright from their EXIF orientation, and the
//! result is scaled down to what the screen can show.

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbaImage};

use super::source::Source;

/// Largest width or height accepted; bigger headers are refused unread.
pub const MAX_SIDE: u32 = 12_000;
/// Largest pixel count accepted (about a 48-megapixel photo).
pub const MAX_PIXELS: u64 = 48_000_000;
/// Largest image file accepted.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a picture cannot be shown, said for staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageProblem {
    pub zh: String,
    pub en: String,
    pub help_zh: String,
    pub help_en: String,
}

impl ImageProblem {
    fn new(zh: impl Into<String>, en: impl Into<String>, help_zh: &str, help_en: &str) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
            help_zh: help_zh.into(),
            help_en: help_en.into(),
        }
    }

    fn corrupt(detail: impl std::fmt::Display) -> Self {
        let detail = plain_detail(&detail.to_string());
        // The decoders' words, said for staff where they are common.
        let zh = if detail.contains("CRC") {
            "图片已损坏或没有复制完整，无法解码（数据校验失败）"
        } else if detail.contains("before") || detail.contains("after") {
            "图片已损坏或没有复制完整，无法解码（数据块顺序不对）"
        } else if detail.contains("dimensions") {
            "图片已损坏或没有复制完整，无法解码（图片的宽或高是 0）"
        } else {
            "图片已损坏或没有复制完整，无法解码"
        };
        Self::new(
            zh,
            format!("the image is corrupt or incomplete and does not decode: {detail}"),
            "重新导出或重新复制这张图片",
            "export or copy the picture again",
        )
    }

    fn cut_short(kind: &str) -> Self {
        Self::new(
            format!("图片似乎没有复制完整：文件在 {kind} 数据结束之前就断了"),
            format!(
                "the picture looks incompletely copied: the file stops before the end of its \
                 {kind} data"
            ),
            "从原来的 U 盘或电脑重新复制这张图片，等复制完成后再拔出 U 盘",
            "copy the picture again from the original, and wait for the copy to finish \
             before removing the USB stick",
        )
    }
}

/// A decoder's error without the debug structures some of them print
/// (`ChunkType { type: IDAT, critical: true, … }` becomes `IDAT`).
fn plain_detail(detail: &str) -> String {
    let mut out = String::new();
    let mut rest = detail;
    while let Some((before, after)) = rest.split_once(" { type: ") {
        let Some((inner, tail)) = after.split_once('}') else {
            break;
        };
        out.push_str(before.trim_end_matches("ChunkType"));
        out.push_str(inner.split(',').next().unwrap_or_default());
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Size of a picture that decoded, after turning it upright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub width: u32,
    pub height: u32,
    /// Whether the file holds an animation, of which only the first frame is shown.
    pub animated: bool,
}

/// Reads the picture at `path` from `source` after checking its size, so an
/// oversized file is refused before it is read.
fn read_checked(source: Source, path: &Path) -> Result<Vec<u8>, ImageProblem> {
    let meta = source.metadata(path).map_err(|e| {
        ImageProblem::new(
            "无法读取图片",
            format!("cannot read the image: {e}"),
            "检查文件权限",
            "check the file's permissions",
        )
    })?;
    if meta.is_dir {
        return Err(ImageProblem::new(
            "这里应是图片文件，却是一个文件夹",
            "this should be a picture but is a folder",
            "把图片文件复制到这里",
            "copy the picture file here",
        ));
    }
    check_len(meta.len)?;
    // Read whole so that the bytes checked for completeness are the bytes decoded,
    // even if the file is being copied over meanwhile (and grows past the limit).
    let bytes = source.read(path, MAX_FILE_BYTES).map_err(|e| {
        ImageProblem::new(
            "无法打开图片",
            format!("cannot open the image: {e}"),
            "检查文件权限",
            "check the file's permissions",
        )
    })?;
    check_len(bytes.len() as u64)?;
    Ok(bytes)
}

fn check_len(len: u64) -> Result<(), ImageProblem> {
    if len == 0 {
        return Err(ImageProblem::new(
            "图片文件是空的（0 字节）",
            "the image file is empty (0 bytes)",
            "文件可能没有复制完整，请重新复制",
            "the copy may have failed; copy it again",
        ));
    }
    if len > MAX_FILE_BYTES {
        return Err(ImageProblem::new(
            format!("图片文件太大（{} MB）", len / 1024 / 1024),
            format!("the image file is too large ({} MB)", len / 1024 / 1024),
            "缩小到 4000 像素以内再放入",
            "scale it below 4000 pixels before copying it in",
        ));
    }
    Ok(())
}

/// An image decoder for a picture's bytes after checking its format, that the file
/// is not cut short, and its pixel dimensions, so a half-copied picture is never
/// shown and a decompression bomb is refused before any pixel is allocated.
fn checked_decoder(bytes: Vec<u8>) -> Result<impl ImageDecoder, ImageProblem> {
    let Ok(format) = image::guess_format(&bytes) else {
        return Err(ImageProblem::new(
            "不是图片文件（无法识别格式）",
            "not an image: the format is not recognised",
            "只能使用 PNG、JPEG 或 WebP 图片",
            "use a PNG, JPEG or WebP picture",
        ));
    };
    if let Some(kind) = cut_short(format, &bytes) {
        return Err(ImageProblem::cut_short(kind));
    }
    let decoder = ImageReader::with_format(Cursor::new(bytes), format)
        .into_decoder()
        .map_err(ImageProblem::corrupt)?;
    let (width, height) = decoder.dimensions();
    if width == 0
        || height == 0
        || width > MAX_SIDE
        || height > MAX_SIDE
        || u64::from(width) * u64::from(height) > MAX_PIXELS
    {
        return Err(ImageProblem::new(
            format!("图片尺寸 {width}×{height} 超出允许范围（每边不超过 {MAX_SIDE} 像素）"),
            format!(
                "image size {width}×{height} is out of range (at most {MAX_SIDE} pixels a side)"
            ),
            "缩小到 4000 像素以内再放入",
            "scale it below 4000 pixels before copying it in",
        ));
    }
    Ok(decoder)
}

/// Decodes `path` completely, upright, scaled to fit inside `fit` (width, height)
/// when given and smaller.
pub fn decode(path: &Path, fit: Option<(u32, u32)>) -> Result<RgbaImage, ImageProblem> {
    let mut decoder = checked_decoder(read_checked(Source::Disk, path)?)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(ImageProblem::corrupt)?;
    image.apply_orientation(orientation);
    if let Some((max_w, max_h)) = fit
        && (image.width() > max_w || image.height() > max_h)
    {
        image = image.resize(max_w, max_h, image::imageops::FilterType::Triangle);
    }
    Ok(image.into_rgba8())
}

/// Checks that `path` decodes completely (every byte read, every checksum
/// verified), returning its upright size. Nothing is scaled: the check costs one
/// decode.
pub fn probe(path: &Path) -> Result<ImageInfo, ImageProblem> {
    probe_in(Source::Disk, path)
}

/// [`probe`] on the picture at `path` in `source`.
pub(crate) fn probe_in(source: Source, path: &Path) -> Result<ImageInfo, ImageProblem> {
    probe_bytes(read_checked(source, path)?)
}

/// [`probe`] on a picture's bytes.
pub fn probe_bytes(bytes: Vec<u8>) -> Result<ImageInfo, ImageProblem> {
    check_len(bytes.len() as u64)?;
    let animated = is_animated(&bytes);
    let mut decoder = checked_decoder(bytes)?;
    let (w, h) = decoder.dimensions();
    let turned = decoder.orientation().is_ok_and(|o| {
        use image::metadata::Orientation::*;
        matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
    });
    DynamicImage::from_decoder(decoder).map_err(ImageProblem::corrupt)?;
    Ok(if turned {
        ImageInfo {
            width: h,
            height: w,
            animated,
        }
    } else {
        ImageInfo {
            width: w,
            height: h,
            animated,
        }
    })
}

/// The kind of picture whose end `bytes` lack, or `None` when they run to the end
/// of the picture they start. The decoders do not tell: the JPEG decoder paints
/// missing rows grey, and the PNG and WebP decoders stop reading after the pixels,
/// missing an IEND or the EXIF (with the photo's orientation) that came after them.
/// Bytes after the end (some cameras append their own data) are allowed.
fn cut_short(format: ImageFormat, bytes: &[u8]) -> Option<&'static str> {
    match format {
        ImageFormat::Jpeg => (!jpeg_is_whole(bytes)).then_some("JPEG"),
        ImageFormat::Png => (!png_is_whole(bytes)).then_some("PNG"),
        ImageFormat::WebP => (!webp_is_whole(bytes)).then_some("WebP"),
        // Formats this build cannot decode are refused by the decoder.
        _ => None,
    }
}

/// Whether the JPEG's segments lead to an end-of-image marker (FF D9). The walk
/// steps over each segment by its length, so the FF D9 that ends a thumbnail inside
/// the EXIF data is not taken for the end; in compressed data a real marker is the
/// only FF not followed by 00 (stuffing) or a restart marker.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let mut at = 2; // past the start-of-image marker
    loop {
        // Bytes before a marker are compressed data, or stray bytes that decoders
        // skip too.
        let Some(ff) = bytes
            .get(at..)
            .and_then(|b| b.iter().position(|&b| b == 0xFF))
        else {
            return false;
        };
        at += ff;
        // Any number of FF bytes may pad a marker.
        let Some(pad) = bytes
            .get(at..)
            .and_then(|b| b.iter().position(|&b| b != 0xFF))
        else {
            return false;
        };
        at += pad;
        let Some(&marker) = bytes.get(at) else {
            return false;
        };
        at += 1;
        match marker {
            0xD9 => return true,
            // Stuffed FF, or a marker that has no length: TEM, restarts, SOI.
            0x00 | 0x01 | 0xD0..=0xD8 => {}
            _ => {
                let Some(&[high, low]) = bytes.get(at..at + 2) else {
                    return false;
                };
                let length = usize::from(u16::from_be_bytes([high, low]));
                // Shorter than its own length field: the walk cannot go on, and
                // such a file is not shown either.
                if length < 2 {
                    return false;
                }
                at += length;
                if at > bytes.len() {
                    return false;
                }
            }
        }
    }
}

/// Whether the picture is an animated PNG (an `acTL` chunk before its pixels) or
/// an animated WebP (the animation flag of its `VP8X` header).
fn is_animated(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\x89PNG") {
        let mut at: usize = 8;
        while let Some(header) = bytes.get(at..at.saturating_add(8)) {
            let (length, kind) = header.split_at(4);
            match kind {
                b"acTL" => return true,
                b"IDAT" | b"IEND" => return false,
                _ => {}
            }
            let length = u32::from_be_bytes(length.try_into().unwrap_or_default());
            at = at.saturating_add(12).saturating_add(length as usize);
        }
        return false;
    }
    bytes.get(8..16) == Some(b"WEBPVP8X") && bytes.get(20).is_some_and(|flags| flags & 0x02 != 0)
}

/// Whether the PNG's chunks lead to a whole IEND chunk.
fn png_is_whole(bytes: &[u8]) -> bool {
    let mut at = 8; // past the signature
    while let Some(&[l0, l1, l2, l3, ref kind @ ..]) = bytes.get(at..at + 8) {
        let length = u32::from_be_bytes([l0, l1, l2, l3]);
        // Length, type, data, CRC.
        let Some(next) = usize::try_from(length)
            .ok()
            .and_then(|l| (at + 12).checked_add(l))
        else {
            return false;
        };
        if next > bytes.len() {
            return false;
        }
        if kind == b"IEND" {
            return true;
        }
        at = next;
    }
    false
}

/// Whether the WebP file is as long as its RIFF header says.
fn webp_is_whole(bytes: &[u8]) -> bool {
    let Some(&[s0, s1, s2, s3]) = bytes.get(4..8) else {
        return false;
    };
    let size = u64::from(u32::from_le_bytes([s0, s1, s2, s3]));
    // The size counts from the `WEBP` tag, after the 8 bytes of `RIFF` and itself.
    bytes.len() as u64 >= 8 + size
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG's shape without its pixels: SOI, an APP1 segment holding a
    /// thumbnail's own FF D8 … FF D9, a scan whose data has a stuffed FF 00 and a
    /// restart marker, then EOI.
    fn jpeg() -> Vec<u8> {
        let thumbnail = [0xFF, 0xD8, 0x12, 0x34, 0xFF, 0xD9];
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 2 + thumbnail.len() as u8];
        bytes.extend(thumbnail);
        bytes.extend([0xFF, 0xDA, 0x00, 0x04, 0x01, 0x02]);
        bytes.extend([0x55, 0xFF, 0x00, 0x66, 0xFF, 0xD0, 0x77, 0xFF, 0xFF, 0xD9]);
        bytes
    }

    #[test]
    fn a_whole_jpeg_ends_at_its_end_of_image_marker() {
        assert!(jpeg_is_whole(&jpeg()));
    }

    #[test]
    fn bytes_after_the_end_of_a_jpeg_are_allowed() {
        let mut bytes = jpeg();
        bytes.extend(b"\0\0camera trailer");
        assert!(jpeg_is_whole(&bytes));
    }

    #[test]
    fn a_jpeg_cut_anywhere_is_not_whole() {
        let bytes = jpeg();
        for cut in 2..bytes.len() {
            assert!(!jpeg_is_whole(&bytes[..cut]), "cut at {cut}");
        }
    }

    #[test]
    fn a_jpeg_segment_longer_than_the_file_is_not_whole() {
        let mut bytes = jpeg();
        bytes[5] = 0xF0; // the APP1 segment now claims 240 bytes
        assert!(!jpeg_is_whole(&bytes));
    }

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut bytes = (data.len() as u32).to_be_bytes().to_vec();
        bytes.extend(kind);
        bytes.extend(data);
        bytes.extend(crc32fast::hash(&[kind, data].concat()).to_be_bytes());
        bytes
    }

    fn png() -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend(chunk(b"IHDR", &[0; 13]));
        // IEND spelt inside a chunk's data is not the end.
        bytes.extend(chunk(b"IDAT", b"IEND"));
        bytes.extend(chunk(b"IEND", &[]));
        bytes
    }

    #[test]
    fn a_png_is_whole_with_its_iend_chunk_and_after_it() {
        let mut bytes = png();
        assert!(png_is_whole(&bytes));
        bytes.extend(b"trailing");
        assert!(png_is_whole(&bytes));
    }

    #[test]
    fn a_png_cut_anywhere_is_not_whole() {
        let bytes = png();
        for cut in 8..bytes.len() {
            assert!(!png_is_whole(&bytes[..cut]), "cut at {cut}");
        }
    }

    #[test]
    fn a_webp_is_whole_when_as_long_as_its_riff_size() {
        let mut bytes = b"RIFF\x0c\0\0\0WEBPVP8L\0\0\0\0".to_vec();
        assert!(webp_is_whole(&bytes));
        bytes.push(0);
        assert!(webp_is_whole(&bytes), "bytes after the end are allowed");
        bytes.truncate(19);
        assert!(!webp_is_whole(&bytes));
    }
}
