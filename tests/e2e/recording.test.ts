/**
 * Recording and PNG capture end to end, through window.explorer: a short MP4 and WebM are
 * recorded offline, decoded in the page with mediabunny (the library that muxed them), and
 * checked for frame count, size, duration and frames that change; two recordings of the same
 * setup compose identical frames; a browser without WebCodecs gets PNG frames; cancelling leaves
 * the explorer as it was; PNG capture at 2x; sizes and codecs past the limits are refused.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openApp, type AppPage } from './browser';

let app: AppPage;

/** What the page reports about a decoded video. */
interface Decoded {
  type: string;
  bytes: number;
  codec: string | null;
  width: number;
  height: number;
  frames: number;
  duration: number;
  distinctFrames: number;
}

beforeAll(async () => {
  app = await openApp(`${inject('appUrl')}?count=512&trailCount=32&trailLength=16`);
  // The same mediabunny build the app muxes with, loaded as a module for decoding.
  const source = readFileSync('node_modules/mediabunny/dist/bundles/mediabunny.min.mjs', 'utf8');
  await app.page.evaluate((code) => ((window as unknown as { mediabunnyUrl: string }).mediabunnyUrl = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }))), source);
  // A string, so the test runner leaves this import() as it is.
  await app.page.evaluate('import(window.mediabunnyUrl).then((m) => { window.mediabunny = m; })');
  await app.page.evaluate(() => {
    // Decodes a video blob: its track's size and codec, the duration, and how many frames it holds and how many differ.
    (window as unknown as { decodeVideo: (b: Blob) => Promise<Decoded> }).decodeVideo = async (blob: Blob) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const mb = (window as any).mediabunny;
      const input = new mb.Input({ source: new mb.BlobSource(blob), formats: mb.ALL_FORMATS });
      const track = await input.getPrimaryVideoTrack();
      const duration = await input.computeDuration();
      const sink = new mb.CanvasSink(track, { poolSize: 1 });
      const hashes = new Set<number>();
      let frames = 0;
      for await (const { canvas } of sink.canvases()) {
        frames++;
        const ctx = (canvas as HTMLCanvasElement).getContext('2d', { willReadFrequently: true })!;
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let h = 2166136261;
        for (let i = 0; i < data.length; i += 4) h = Math.imul(h ^ (data[i] >> 4), 16777619) >>> 0;
        hashes.add(h);
      }
      return { type: blob.type, bytes: blob.size, codec: await track.getCodecParameterString(), width: track.displayWidth, height: track.displayHeight, frames, duration, distinctFrames: hashes.size };
    };
  });
});

afterAll(async () => {
  await app?.browser.close();
});

/** Calls an explorer method in the page and returns the error message it was refused with, or 'accepted'. */
async function refusal(call: string): Promise<string> {
  return app.page.evaluate(async (body) => {
    try {
      await new Function('e', `return ${body}`)(window.explorer);
      return 'accepted';
    } catch (err) {
      return (err as Error).message;
    }
  }, call);
}

describe('recording', () => {
  it('records an MP4 that decodes to the frames, size and duration asked for, with the scene moving', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      e.pause();
      e.reset();
      const progress: number[] = [];
      const blob = (await e.record({ format: 'mp4', width: 320, height: 240, fps: 12, frames: 12, stepsPerFrame: 3, camera: 'orbit', orbitSpeed: 60, caption: 'gradient descent', onProgress: (p) => progress.push(p.frame) })) as Blob;
      const decoded = await (window as unknown as { decodeVideo: (b: Blob) => Promise<Decoded> }).decodeVideo(blob);
      return { decoded, progress, step: (await e.summary()).step, playing: e.get().playing };
    });
    expect(r.decoded.type).toBe('video/mp4');
    expect(r.decoded.codec).toMatch(/^avc1\.64/);
    expect(r.decoded).toMatchObject({ width: 320, height: 240, frames: 12 });
    expect(r.decoded.duration).toBeCloseTo(1, 2);
    expect(r.decoded.distinctFrames).toBeGreaterThan(6);
    expect(r.progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // Exactly stepsPerFrame steps per frame, and the pause kept.
    expect(r.step).toBe(36);
    expect(r.playing).toBe(false);
  });

  it('two recordings of the same setup compose identical frames, and WebM decodes', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      const hash = (d: Uint8ClampedArray) => {
        let h = 2166136261;
        for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 16777619) >>> 0;
        return h;
      };
      const run = async () => {
        e.pause();
        e.reset();
        const hashes: number[] = [];
        const blob = (await e.record({ format: 'webm', width: 192, height: 144, fps: 10, frames: 8, stepsPerFrame: 4, camera: 'orbit', orbitSpeed: 45, title: 'same seed', onFrame: (_f, image) => hashes.push(hash(image.data)) })) as Blob;
        return { hashes, blob };
      };
      const first = await run();
      // Live frames in between, as a lecturer would leave it running.
      e.play();
      await new Promise((done) => setTimeout(done, 1500));
      const second = await run();
      const decoded = await (window as unknown as { decodeVideo: (b: Blob) => Promise<Decoded> }).decodeVideo(second.blob);
      // The comparison can tell runs apart: another seed composes other frames.
      await e.set({ seed: 2 });
      const other = await run();
      await e.set({ seed: 1 });
      return { first: first.hashes, second: second.hashes, other: other.hashes, decoded };
    });
    expect(r.first).toHaveLength(8);
    expect(new Set(r.first).size).toBe(8);
    expect(r.second).toEqual(r.first);
    expect(r.other.filter((h, i) => h === r.first[i]).length).toBeLessThan(2);
    expect(r.decoded.type).toBe('video/webm');
    expect(r.decoded.codec).toMatch(/^vp09\./);
    expect(r.decoded).toMatchObject({ width: 192, height: 144, frames: 8 });
    expect(r.decoded.duration).toBeCloseTo(0.8, 2);
    expect(r.decoded.distinctFrames).toBeGreaterThan(4);
  });

  it('a browser without WebCodecs gets the frames as PNG images', async () => {
    const r = await app.page.evaluate(async () => {
      const w = window as unknown as Record<string, unknown>;
      const [encoder, frame] = [w.VideoEncoder, w.VideoFrame];
      delete w.VideoEncoder;
      delete w.VideoFrame;
      try {
        const e = window.explorer!;
        e.pause();
        const pngs = (await e.record({ width: 96, height: 64, frames: 3, stepsPerFrame: 2 })) as Blob[];
        const sizes = await Promise.all(pngs.map(async (b) => {
          const bitmap = await createImageBitmap(b);
          return [b.type, bitmap.width, bitmap.height];
        }));
        return { isArray: Array.isArray(pngs), sizes };
      } finally {
        Object.assign(w, { VideoEncoder: encoder, VideoFrame: frame });
      }
    });
    expect(r.isArray).toBe(true);
    expect(r.sizes).toEqual([['image/png', 96, 64], ['image/png', 96, 64], ['image/png', 96, 64]]);
  });

  it('a cancelled recording leaves the view, camera and playing state as they were', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      e.play();
      const canvas = e.view.renderer.domElement;
      const before = { pose: e.view.cameraPose(), size: [canvas.width, canvas.height] };
      const abort = new AbortController();
      let error = '';
      try {
        await e.record({ width: 160, height: 120, frames: 50, camera: 'orbit', orbitSpeed: 90, signal: abort.signal, onProgress: (p) => p.frame === 3 && abort.abort() });
      } catch (err) {
        error = (err as Error).name;
      }
      return { error, before, after: { pose: e.view.cameraPose(), size: [canvas.width, canvas.height] }, playing: e.get().playing, recording: e.recording };
    });
    expect(r.error).toBe('AbortError');
    expect(r.after).toEqual(r.before);
    expect(r.playing).toBe(true);
    expect(r.recording).toBe(false);
  });

  it('captures a PNG at twice the canvas size', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      const blob = await e.capturePng(2, { caption: 'twice the size' });
      const bitmap = await createImageBitmap(blob);
      const scene = document.getElementById('scene')!;
      return { type: blob.type, width: bitmap.width, height: bitmap.height, css: [scene.clientWidth, scene.clientHeight] };
    });
    expect(r.type).toBe('image/png');
    expect([r.width, r.height]).toEqual([2 * r.css[0], 2 * r.css[1]]);
  });

  it('refuses sizes and codecs past the device or the encoder, with the limit named', async () => {
    const limit = await app.page.evaluate(() => window.explorer!.device.limits.maxTextureDimension2D);
    expect(await refusal(`e.record({ width: ${limit + 2}, height: 240 })`)).toMatch(new RegExp(`width = ${limit + 2} was refused: .*to ${limit} \\(this device's maxTextureDimension2D\\)`));
    expect(await refusal('e.record({ width: 321, height: 240 })')).toMatch(/width = 321 was refused: it must be even for MP4/);
    expect(await refusal("e.record({ format: 'mp4', codec: 'avc1.F4001F', width: 320, height: 240, frames: 1 })")).toMatch(/cannot encode MP4 \(H\.264\) with codec avc1\.F4001F at 320 × 240 .*VideoEncoder\.isConfigSupported said no/);
    expect(await refusal("e.record({ camera: 'path', frames: 2 })")).toMatch(/needs at least 2 camera keyframes/);
    expect(await refusal('e.record({ fps: 500 })')).toMatch(/fps = 500 was refused: .*from 1 to 120/);
    expect(await refusal('e.capturePng(5)')).toMatch(/scale = 5 was refused: it must be a number from 1 to 4/);
    // Nothing was lost: the explorer still records.
    expect(await app.page.evaluate(() => window.explorer!.recording)).toBe(false);
  });

  it('moves the camera along a path through keyframes', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      e.pause();
      e.clearCameraKeyframes();
      const start = e.view.cameraPose();
      e.addCameraKeyframe();
      e.view.setCameraPose({ ...start, position: [start.position[0] * 0.5, start.position[1] * 1.5, -start.position[2]] });
      const count = e.addCameraKeyframe();
      e.view.setCameraPose(start);
      const hashes: number[] = [];
      await e.record({ format: 'webm', width: 96, height: 64, frames: 4, stepsPerFrame: 0, camera: 'path', png: true, readouts: false, onFrame: (_f, image) => hashes.push(image.data.reduce((h, v) => Math.imul(h ^ v, 16777619) >>> 0, 2166136261)) });
      e.clearCameraKeyframes();
      return { count, distinct: new Set(hashes).size, restored: JSON.stringify(e.view.cameraPose()) === JSON.stringify(start) };
    });
    expect(r.count).toBe(2);
    expect(r.distinct).toBe(4);
    expect(r.restored).toBe(true);
  });

  it('creates no GPU object per frame, and frees what a recording size made', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      e.pause();
      const created = () => Object.values(e.gpuObjectsCreated()).reduce((a, b) => a + b, 0);
      const settle = () => new Promise((done) => setTimeout(done, 1000));
      // A first recording at this size may make what later ones reuse (pipelines, textures for the size).
      await e.record({ png: true, width: 96, height: 64, frames: 1, stepsPerFrame: 1 });
      await settle();
      const textures = e.gpuMemory().liveTextures;
      const c0 = created();
      await e.record({ png: true, width: 96, height: 64, frames: 2, stepsPerFrame: 1 });
      const c1 = created();
      await e.record({ png: true, width: 96, height: 64, frames: 6, stepsPerFrame: 1 });
      const c2 = created();
      await settle();
      return { short: c1 - c0, long: c2 - c1, textures: [textures, e.gpuMemory().liveTextures], counts: e.gpuObjectsCreated() };
    });
    // Size changes may make a few textures (three.js makes them as it draws); frames make nothing:
    // six frames make no more than two.
    expect(r.short).toBeLessThanOrEqual(8);
    expect(r.long).toBeLessThanOrEqual(r.short);
    expect(r.textures[1]).toBe(r.textures[0]);
  });

  it('logs no errors', () => {
    expect(app.errors).toEqual([]);
  });
});
