/**
 * @file Pixel plumbing for the quality checks, platform-free: an image view over RGB or RGBA
 * bytes, resampling any axis-aligned region (it may reach outside the image: outside is black)
 * to a fixed size as RGB or luma, and BlazeFace's input tensor (NHWC, RGB, value/127.5 - 1).
 * Downscaling averages an n x n grid of bilinear taps per output pixel (n = the scale factor,
 * at most 4), so small faces and thumbnails are not aliased; upscaling is plain bilinear.
 */

export type ImageView = {
  /** RGB or RGBA bytes, row-major, top row first. */
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
};

/** An axis-aligned region in source pixels (x, y = top-left corner). */
export type Region = { x: number; y: number; w: number; h: number };

export function checkView(img: ImageView): void {
  const need = img.width * img.height * img.channels;
  if (img.width <= 0 || img.height <= 0 || img.data.length < need) {
    throw new Error(`image buffer holds ${img.data.length} bytes, ${need} needed`);
  }
}

/** The square region MediaPipe letterboxes an image into: side max(w, h), image centred. */
export function letterboxRegion(width: number, height: number): Region {
  const side = Math.max(width, height);
  return { x: (width - side) / 2, y: (height - side) / 2, w: side, h: side };
}

const acc = new Float64Array(3);

/**
 * Adds the bilinear RGB sample at continuous pixel-centre coordinates (fx, fy) to `acc`; a point
 * outside the image adds black. One weight computation serves all three channels.
 */
function addBilinear(img: ImageView, fx: number, fy: number): void {
  const { data, width, height, channels } = img;
  if (fx < -0.5 || fy < -0.5 || fx > width - 0.5 || fy > height - 0.5) return;
  const x = Math.min(Math.max(fx, 0), width - 1);
  const y = Math.min(Math.max(fy, 0), height - 1);
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const ax = x - x0;
  const ay = y - y0;
  const dx = x0 + 1 < width ? channels : 0;
  const dy = y0 + 1 < height ? width * channels : 0;
  const o = (y0 * width + x0) * channels;
  const w00 = (1 - ax) * (1 - ay);
  const w10 = ax * (1 - ay);
  const w01 = (1 - ax) * ay;
  const w11 = ax * ay;
  for (let c = 0; c < 3; c += 1) {
    const p = o + c;
    acc[c]! += data[p]! * w00 + data[p + dx]! * w10 + data[p + dy]! * w01 + data[p + dx + dy]! * w11;
  }
}

/**
 * Resamples `region` to outW x outH. 'rgb' gives 3 floats per pixel (0..255, NHWC order);
 * 'gray' gives one luma value (Rec. 601 weights, 0..255) per pixel.
 */
export function resampleRegion(
  img: ImageView,
  region: Region,
  outW: number,
  outH: number,
  mode: 'rgb' | 'gray',
): Float32Array {
  checkView(img);
  const sx = region.w / outW;
  const sy = region.h / outH;
  const nx = Math.min(4, Math.max(1, Math.ceil(sx - 1e-6)));
  const ny = Math.min(4, Math.max(1, Math.ceil(sy - 1e-6)));
  const taps = nx * ny;
  const out = new Float32Array(outW * outH * (mode === 'rgb' ? 3 : 1));
  let o = 0;
  for (let j = 0; j < outH; j += 1) {
    for (let i = 0; i < outW; i += 1) {
      acc.fill(0);
      for (let ty = 0; ty < ny; ty += 1) {
        // Source pixel-centre coordinate of this tap (pixel k covers [k, k+1)).
        const fy = region.y + (j + (ty + 0.5) / ny) * sy - 0.5;
        for (let tx = 0; tx < nx; tx += 1) addBilinear(img, region.x + (i + (tx + 0.5) / nx) * sx - 0.5, fy);
      }
      if (mode === 'rgb') {
        out[o++] = acc[0]! / taps;
        out[o++] = acc[1]! / taps;
        out[o++] = acc[2]! / taps;
      } else {
        out[o++] = (0.299 * acc[0]! + 0.587 * acc[1]! + 0.114 * acc[2]!) / taps;
      }
    }
  }
  return out;
}

/** BlazeFace input: `region` resampled to size x size, NHWC RGB, value/127.5 - 1 (outside: -1). */
export function blazeFaceTensor(img: ImageView, region: Region, size: number): Float32Array {
  const rgb = resampleRegion(img, region, size, size, 'rgb');
  for (let i = 0; i < rgb.length; i += 1) rgb[i] = rgb[i]! / 127.5 - 1;
  return rgb;
}

/** The whole image as luma, scaled so its longer side is at most `maxSide` (aspect kept). */
export function grayThumbnail(img: ImageView, maxSide: number): { data: Float32Array; w: number; h: number } {
  const scale = Math.min(1, maxSide / Math.max(img.width, img.height));
  const w = Math.max(1, Math.round(img.width * scale));
  const h = Math.max(1, Math.round(img.height * scale));
  return { data: resampleRegion(img, { x: 0, y: 0, w: img.width, h: img.height }, w, h, 'gray'), w, h };
}
