//! QR codes drawn from URLs in content: one texel per module, sampled with nearest
//! filtering, so they stay sharp at any size on any screen.

use bevy::asset::RenderAssetUsages;
use bevy::image::ImageSampler;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use qrcode::{Color as Module, QrCode};

/// Quiet zone around the code, in modules (the standard asks for 4).
const QUIET: usize = 4;

/// The QR code for `url` as an image, or `None` when the text cannot be encoded.
pub fn image(url: &str) -> Option<Image> {
    let code = QrCode::new(url.as_bytes()).ok()?;
    let width = code.width();
    let side = width + 2 * QUIET;
    let mut pixels = vec![255u8; side * side * 4];
    for (i, module) in code.to_colors().iter().enumerate() {
        if *module == Module::Dark {
            let (x, y) = (i % width + QUIET, i / width + QUIET);
            let at = (y * side + x) * 4;
            if let Some(pixel) = pixels.get_mut(at..at + 3) {
                pixel.copy_from_slice(&[0, 0, 0]);
            }
        }
    }
    let mut image = Image::new(
        Extent3d {
            width: side as u32,
            height: side as u32,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        pixels,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.sampler = ImageSampler::nearest();
    Some(image)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_url_with_a_quiet_zone() {
        let image = image("https://wsxf.gjxfj.gov.cn/").unwrap();
        let side = image.width() as usize;
        assert!(side >= 21 + 2 * QUIET);
        let data = image.data.as_ref().unwrap();
        assert_eq!(data[0], 255, "the corner is quiet (white)");
        let finder = (QUIET * side + QUIET) * 4;
        assert_eq!(data[finder], 0, "the finder pattern starts dark");
    }
}
