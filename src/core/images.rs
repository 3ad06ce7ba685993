//! Decoding pictures staff bring (PNG, JPEG, WebP) safely: dimensions are checked
//! before any pixels are allocated, phone photos are turned upright from their EXIF
//! orientation, and the result is scaled down to what the screen can show.

use std::io::BufReader;
use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageReader, RgbaImage};

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
        Self::new(
            "图片已损坏或没有复制完整，无法解码",
            format!("the image is corrupt or incomplete and does not decode: {detail}"),
            "重新导出或重新复制这张图片",
            "export or copy the picture again",
        )
    }
}

/// Size of a picture that decoded, after turning it upright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub width: u32,
    pub height: u32,
}

/// Opens `path` as an image decoder after checking its size, format and pixel
/// dimensions, so a decompression bomb is refused before any pixel is allocated.
fn checked_decoder(path: &Path) -> Result<impl ImageDecoder, ImageProblem> {
    let len = std::fs::metadata(path)
        .map_err(|e| {
            ImageProblem::new(
                "无法读取图片",
                format!("cannot read the image: {e}"),
                "检查文件权限",
                "check the file's permissions",
            )
        })?
        .len();
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
    let file = std::fs::File::open(path).map_err(|e| {
        ImageProblem::new(
            "无法打开图片",
            format!("cannot open the image: {e}"),
            "检查文件权限",
            "check the file's permissions",
        )
    })?;
    let reader = ImageReader::new(BufReader::new(file))
        .with_guessed_format()
        .map_err(ImageProblem::corrupt)?;
    if reader.format().is_none() {
        return Err(ImageProblem::new(
            "不是图片文件（无法识别格式）",
            "not an image: the format is not recognised",
            "只能使用 PNG、JPEG 或 WebP 图片",
            "use a PNG, JPEG or WebP picture",
        ));
    }
    let decoder = reader.into_decoder().map_err(ImageProblem::corrupt)?;
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
    let mut decoder = checked_decoder(path)?;
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
    let mut decoder = checked_decoder(path)?;
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
        }
    } else {
        ImageInfo {
            width: w,
            height: h,
        }
    })
}
