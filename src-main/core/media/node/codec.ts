/**
 * @file Image encoding with sharp for generated variants: RGB PNG, 16-bit grayscale depth PNG,
 * 8-bit grayscale part-label PNG (labels kept exact; the UI colours them), and a WebP thumbnail.
 * Runs inside generation worker threads, never on the thread that serves IPC/HTTP. Output bytes
 * are a pure function of the input pixels (same input, same file, same content address).
 */
import sharp from 'sharp';

export const THUMB_SIZE = 128;

// Each worker thread encodes one image at a time; the pool, not libvips, spreads work over cores.
sharp.concurrency(1);

type Size = { width: number; height: number };

/** RGBA8 pixels -> RGB PNG (alpha dropped: variants are opaque). */
export function encodeRgbPng(rgba: Uint8Array, size: Size): Promise<Buffer> {
  return sharp(rgba, { raw: { width: size.width, height: size.height, channels: 4 } })
    .removeAlpha()
    .png()
    .toBuffer();
}

/** 16-bit depth -> 16-bit grayscale PNG (values kept exactly). */
export function encodeDepthPng(depth: Uint16Array, size: Size): Promise<Buffer> {
  return sharp(depth, { raw: { width: size.width, height: size.height, channels: 1 } })
    .toColourspace('grey16')
    .png()
    .toBuffer();
}

/** Part labels (one byte per pixel) -> 8-bit grayscale PNG (labels kept exactly). */
export function encodePartsPng(parts: Uint8Array, size: Size): Promise<Buffer> {
  return sharp(parts, { raw: { width: size.width, height: size.height, channels: 1 } })
    .toColourspace('b-w')
    .png()
    .toBuffer();
}

/** RGBA8 pixels -> WebP thumbnail fitting in `max` x `max` (aspect kept). */
export function encodeThumbnail(rgba: Uint8Array, size: Size, max = THUMB_SIZE): Promise<Buffer> {
  return sharp(rgba, { raw: { width: size.width, height: size.height, channels: 4 } })
    .removeAlpha()
    .resize(max, max, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 75 })
    .toBuffer();
}
