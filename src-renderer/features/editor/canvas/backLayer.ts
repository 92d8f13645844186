/**
 * @file The layer under the skeleton: the pose canvas as a frame (its width x height on a subtle
 * background) and the reference image at its opacity. It lives in canvas coordinates (the layer
 * carries the viewport as scale and offset) and is redrawn only when the view, the reference or
 * its opacity change, never during a drag, which redraws the skeleton layer alone.
 */
import Konva from 'konva';
import type { Viewport } from '../model/viewport';

export type ReferenceImage = { url: string; opacity: number };

/** Where a `imageWidth x imageHeight` image goes in the canvas: fitted inside it, aspect kept, centred. */
export function referenceRect(
  imageWidth: number,
  imageHeight: number,
  width: number,
  height: number,
): { x: number; y: number; width: number; height: number } {
  if (imageWidth <= 0 || imageHeight <= 0) return { x: 0, y: 0, width, height };
  const scale = Math.min(width / imageWidth, height / imageHeight);
  const w = imageWidth * scale;
  const h = imageHeight * scale;
  return { x: (width - w) / 2, y: (height - h) / 2, width: w, height: h };
}

export class BackLayer {
  readonly layer = new Konva.Layer({ listening: false, name: 'back' });
  private readonly frame: Konva.Rect;
  private readonly image = new Konva.Image({
    name: 'reference',
    image: undefined,
    visible: false,
    listening: false,
  });
  private url: string | null = null;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.frame = new Konva.Rect({
      name: 'frame',
      listening: false,
      width,
      height,
      fill: '#1b1f26',
      stroke: '#3a4250',
      strokeWidth: 1,
      strokeScaleEnabled: false,
    });
    this.layer.add(this.frame, this.image);
  }

  setViewport(viewport: Viewport): void {
    this.layer.setAttrs({ x: viewport.panX, y: viewport.panY, scaleX: viewport.zoom, scaleY: viewport.zoom });
    this.layer.batchDraw();
  }

  /** Show `reference` (loaded once per url), or nothing. Opacity changes only redraw. */
  setReference(reference: ReferenceImage | null): void {
    const opacity = Math.min(1, Math.max(0, reference?.opacity ?? 0));
    this.image.opacity(opacity);
    if (reference === null) {
      this.url = null;
      this.image.setAttrs({ visible: false, image: undefined });
    } else if (reference.url !== this.url) {
      this.url = reference.url;
      this.load(reference.url);
    }
    this.layer.batchDraw();
  }

  private load(url: string): void {
    this.image.visible(false);
    const element = new Image();
    element.onload = () => {
      if (this.url !== url) return; // a newer reference replaced this one while it loaded
      const rect = referenceRect(element.naturalWidth, element.naturalHeight, this.width, this.height);
      this.image.setAttrs({ image: element, visible: true, ...rect });
      this.layer.batchDraw();
    };
    element.src = url;
  }

  destroy(): void {
    this.url = null; // an image still loading finds its reference gone
    this.layer.destroy();
  }
}
