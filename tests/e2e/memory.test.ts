/**
 * Rebuilds free what they made: GPU buffers, their bytes and textures come back exactly to the
 * same numbers each time the settings come back, and the JS heap stays flat.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CDPSession } from 'playwright';
import type { ExplorerSettings } from '../../src/settings';
import { openApp, type AppPage } from './browser';

/**
 * One cycle: four rebuilds (landscape, dimension, count, then all three back). Software WebGPU
 * compiles a rebuild's pipelines in one to three seconds, so a developer's run does 10 cycles (40
 * rebuilds, about a minute and a half); CI, or REBUILD_CYCLES=75, does the 300 of the original report.
 */
// CI (CI=true) runs the report's full 300 rebuilds; a developer's npm test runs 40.
const CYCLES = Number(process.env.REBUILD_CYCLES ?? (process.env.CI ? 75 : 10));
if (!(CYCLES >= 3)) throw new Error(`REBUILD_CYCLES must be 3 or more (the first cycles warm caches); got ${process.env.REBUILD_CYCLES}.`);
const CYCLE: Partial<ExplorerSettings>[] = [{ landscape: 'rastrigin' }, { dim: 3 }, { count: 512 }, { landscape: 'himmelblau', dim: 2, count: 256 }];
/**
 * Heap growth allowed from the end of the second cycle on. Before the fix each rebuild kept three
 * GPU buffers and 300 grew the heap by 2.7 MB; after it, 300 rebuilds (REBUILD_CYCLES=75, 14
 * minutes) kept the heap between 7.89 and 8.06 MB: it moves with V8's compiled code and feedback
 * and the browser's performance timeline, both bounded.
 */
const HEAP_MARGIN = 1_000_000;

let app: AppPage;
let cdp: CDPSession;

beforeAll(async () => {
  app = await openApp(inject('appUrl'));
  cdp = await app.page.context().newCDPSession(app.page);
  // Small sizes: the test measures what rebuilds keep, not how fast frames are.
  await app.page.evaluate(() =>
    window.explorer!.set({ landscape: 'himmelblau', dim: 2, count: 256, surfaceGrid: 32, trailCount: 16, trailLength: 8 }),
  );
});

afterAll(async () => {
  await app?.browser.close();
});

/** Used JS heap after two forced collections (one can leave garbage that the next frees). */
async function heapUsed(): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/**
 * Objects alive in the page whose prototype chain holds each prototype: GPU object wrappers, and
 * three.js's scene objects, geometries, attributes and materials (found from the scene's own
 * objects, as the bundle's class names are minified). Exact where the heap size is noisy: a
 * rebuild that kept an old system would keep its meshes, buffers and pipelines too.
 */
const PROTOTYPES = `(() => {
  const mesh = window.explorer.view.scene.getObjectByProperty('isMesh', true);
  const owning = (o, key) => {
    for (let p = Object.getPrototypeOf(o); p; p = Object.getPrototypeOf(p)) if (Object.hasOwn(p, key)) return p;
    throw new Error('No prototype of ' + o.constructor.name + ' has ' + key);
  };
  return {
    GPUBuffer: GPUBuffer.prototype,
    GPUTexture: GPUTexture.prototype,
    GPUBindGroup: GPUBindGroup.prototype,
    GPUComputePipeline: GPUComputePipeline.prototype,
    GPURenderPipeline: GPURenderPipeline.prototype,
    Object3D: owning(mesh, 'traverse'),
    BufferGeometry: owning(mesh.geometry, 'setAttribute'),
    BufferAttribute: owning(mesh.geometry.getAttribute('position'), 'setUsage'),
    Material: owning(mesh.material, 'setValues'),
  };
})()`;

async function liveObjects(): Promise<Record<string, number>> {
  const objectGroup = 'memory-test';
  try {
    const { result } = await cdp.send('Runtime.evaluate', { expression: PROTOTYPES, objectGroup });
    const { result: props } = await cdp.send('Runtime.getProperties', { objectId: result.objectId!, ownProperties: true });
    const counts: Record<string, number> = {};
    for (const prop of props) {
      if (!prop.value?.objectId) continue;
      const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: prop.value.objectId, objectGroup });
      const { result: length } = await cdp.send('Runtime.callFunctionOn', {
        functionDeclaration: 'function () { return this.length; }',
        objectId: objects.objectId!,
        returnByValue: true,
      });
      counts[prop.name] = length.value as number;
    }
    return counts;
  } finally {
    // The query's results hold what they found: let it go.
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup });
  }
}

/** After a rebuild, a few frames: the surface's range comes back and the axes are redrawn. */
async function settle(): Promise<void> {
  const n = await app.page.evaluate(() => window.explorer!.frameCount);
  await app.page.waitForFunction((target) => window.explorer!.frameCount >= target, n + 4, { timeout: 60_000 });
}

describe('rebuilds', () => {
  it(`${CYCLES * CYCLE.length} rebuilds keep no GPU buffer, byte or texture and no JS object`, async () => {
    const start = Date.now();
    const cycles: { gpu: Record<string, number>; objects: Record<string, number>; heap: number }[] = [];
    for (let c = 0; c < CYCLES; c++) {
      for (const patch of CYCLE) await app.page.evaluate((p) => window.explorer!.set(p), patch);
      await settle();
      const { liveBuffers, liveBytes, liveTextures } = await app.page.evaluate(() => window.explorer!.gpuMemory());
      const heap = await heapUsed();
      let objects = await liveObjects();
      // A loaded machine can find an old system's destroyed wrappers still reachable for a moment
      // after its rebuild (once in 75 cycles of one CI run: 25 GPUBuffer wrappers, gone by the
      // next cycle, while gpuMemory counted the same live buffers). A few more frames let such a
      // moment pass; a leak stays, and fails below.
      for (let tries = 0; tries < 5 && c > 0 && JSON.stringify(objects) !== JSON.stringify(cycles[c - 1].objects); tries++) {
        await settle();
        await heapUsed();
        objects = await liveObjects();
      }
      cycles.push({ gpu: { liveBuffers, liveBytes, liveTextures }, objects, heap });
    }
    console.log(`${CYCLES * CYCLE.length} rebuilds in ${((Date.now() - start) / 1000).toFixed(0)} s; after each cycle:`);
    cycles.forEach((c) => console.log(JSON.stringify(c)));
    // The same settings hold the same GPU buffers, bytes and textures: exactly, every cycle.
    expect(cycles.map((c) => c.gpu)).toEqual(cycles.map(() => cycles[0].gpu));
    // And the same JS objects (after the first cycle, which fills three's caches).
    const objects = cycles.slice(1).map((c) => c.objects);
    expect(objects).toEqual(objects.map(() => objects[0]));
    // The heap size itself moves with V8's compiled code and feedback and the browser's
    // performance timeline (bounded, and no object of ours): flat within HEAP_MARGIN.
    const heapBase = cycles[1].heap;
    const heapTop = Math.max(...cycles.slice(1).map((c) => c.heap));
    expect(heapTop - heapBase, `heap grew from ${heapBase} to ${heapTop} bytes`).toBeLessThan(HEAP_MARGIN);
    // A cycle takes 10 to 40 s in software WebGPU; many cycles outlast the suite's 10 minutes.
  }, Math.max(600_000, 60_000 * CYCLES));

  it('logged no console errors', () => {
    expect(app.errors).toEqual([]);
  });
});
