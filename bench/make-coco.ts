/**
 * @file Writes a COCO person-keypoints file of any size for benchmarks, streamed so the generator
 * itself stays small: real annotations from the shared fixtures, jittered and renumbered, with
 * the same share of crowd and keypoint-less annotations as COCO train2017.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';

type Annotation = {
  keypoints: number[];
  bbox: number[];
  iscrowd: number;
  num_keypoints: number;
  area: number;
};

const FIXTURE = resolve(__dirname, '../../shared/fixtures/poses/coco/hrnet-manhph_val2017_subset_A.json');

/** A polygon of `points` vertices around the box, like COCO's person outlines (most of the file's bytes). */
function outline(bbox: number[], points: number): number[] {
  const [x, y, w, h] = bbox as [number, number, number, number];
  const polygon: number[] = [];
  for (let i = 0; i < points; i += 1) {
    const angle = (i / points) * 2 * Math.PI;
    polygon.push(
      Math.round((x + w / 2 + (w / 2) * Math.cos(angle)) * 100) / 100,
      Math.round((y + h / 2 + (h / 2) * Math.sin(angle)) * 100) / 100,
    );
  }
  return polygon;
}

export async function writeCocoFile(path: string, annotations: number): Promise<number> {
  const source = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { annotations: Annotation[] };
  const seeds = source.annotations;
  const out = createWriteStream(path);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const imageCount = Math.ceil(annotations / 2.2);
  await write('{"info":{"description":"synthetic benchmark file"},"licenses":[],"images":[');
  for (let i = 1; i <= imageCount; i += 1) {
    await write(
      `${i > 1 ? ',' : ''}{"id":${i},"file_name":"${String(i).padStart(12, '0')}.jpg","width":640,"height":480}`,
    );
  }
  await write('],"annotations":[');
  for (let i = 0; i < annotations; i += 1) {
    const seed = seeds[i % seeds.length]!;
    const dx = (i % 7) - 3;
    const keypoints = seed.keypoints.map((value, k) => (k % 3 === 2 || value === 0 ? value : value + dx));
    const ann = {
      segmentation: [outline(seed.bbox, 48)],
      num_keypoints: seed.num_keypoints,
      area: seed.area,
      iscrowd: seed.iscrowd,
      keypoints,
      image_id: (i % imageCount) + 1,
      bbox: seed.bbox.map((v, k) => (k < 2 ? v + dx : v)),
      category_id: 1,
      id: 1_000_000 + i,
    };
    await write(`${i > 0 ? ',' : ''}${JSON.stringify(ann)}`);
  }
  await write(
    '],"categories":[{"supercategory":"person","id":1,"name":"person","keypoints":[],"skeleton":[]}]}',
  );
  out.end();
  await once(out, 'finish');
  return imageCount;
}
