/**
 * A recording's plain arithmetic: the camera's orbit and keyframe path (passes every keyframe at
 * its time, smooth in between, ends clamped), the codec level picked for a size and rate, and
 * options out of their limits refused with the limit named.
 */
import { describe, expect, it } from 'vitest';
import { orbitPose, pathPose, poseAt } from '../../src/record/cameraPath';
import { codecFor, resolveRecordOptions } from '../../src/record/options';
import type { CameraPose } from '../../src/view/SceneView';

const pose = (x: number, y: number, z: number, zoom = 1): CameraPose => ({ position: [x, y, z], target: [0, 1, 0], up: [0, 1, 0], zoom });
const close = (a: number[], b: number[], digits = 12) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i], digits));

describe('camera motion', () => {
  it('orbits about the vertical axis through the target, keeping distance and height', () => {
    const start = pose(10, 5, 0);
    const quarter = orbitPose(start, 90);
    close(quarter.position, [0, 5, -10]);
    close(orbitPose(start, 360).position, start.position);
    for (const turn of [17, 123, -40]) {
      const p = orbitPose(start, turn).position;
      expect(Math.hypot(p[0], p[2])).toBeCloseTo(10, 12);
      expect(p[1]).toBe(5);
    }
    // Seen from above (up along −z), the up direction turns instead.
    const top: CameraPose = { position: [0, 40, 0], target: [0, 0, 0], up: [0, 0, -1], zoom: 2 };
    close(orbitPose(top, 90).up, [-1, 0, 0]);
    expect(poseAt({ motion: 'orbit', orbitSpeed: 30, keyframes: [] }, start, 3, 10, 1)).toEqual(orbitPose(start, 90));
  });

  it('passes every keyframe at its share of the recording, smoothly in between', () => {
    const keys = [pose(0, 0, 0), pose(10, 0, 0, 2), pose(10, 10, 0, 8), pose(0, 10, 5, 1)];
    keys.forEach((k, i) => {
      const p = pathPose(keys, i / 3);
      close(p.position, k.position);
      expect(p.zoom).toBeCloseTo(k.zoom, 12);
    });
    // Zoom moves geometrically: half-way between 2 and 8 is 4 when the neighbours agree.
    expect(pathPose([pose(0, 0, 0, 2), pose(0, 0, 0, 2), pose(0, 0, 0, 8), pose(0, 0, 0, 8)], 0.5).zoom).toBeCloseTo(4, 12);
    // Continuous across a keyframe: no jump from either side.
    const eps = 1e-7;
    close(pathPose(keys, 1 / 3 - eps).position, pathPose(keys, 1 / 3 + eps).position, 5);
    // Clamped outside [0, 1]; one keyframe is a still camera.
    expect(pathPose(keys, -1)).toEqual(pathPose(keys, 0));
    expect(pathPose([keys[2]], 0.7)).toEqual(keys[2]);
    expect(poseAt({ motion: 'path', orbitSpeed: 0, keyframes: keys }, pose(1, 1, 1), 9, 10, 30).position).toEqual(keys[3].position);
    expect(() => pathPose([], 0.5)).toThrow(/at least one keyframe/);
  });
});

describe('recording options', () => {
  it('picks the smallest codec level that holds the size and rate', () => {
    expect(codecFor('mp4', 1280, 720, 30)).toBe('avc1.640028');
    expect(codecFor('mp4', 1920, 1080, 60)).toBe('avc1.64002a');
    expect(codecFor('mp4', 3840, 2160, 30)).toBe('avc1.640033');
    expect(codecFor('mp4', 3840, 2160, 60)).toBe('avc1.640034');
    expect(codecFor('webm', 320, 240, 30)).toBe('vp09.00.20.08');
    expect(codecFor('webm', 1920, 1080, 30)).toBe('vp09.00.40.08');
    expect(codecFor('webm', 3840, 2160, 30)).toBe('vp09.00.50.08');
  });

  it('fills in defaults and counts frames from seconds', () => {
    const plan = resolveRecordOptions({ seconds: 2.5, fps: 24 }, 8192, 7);
    expect(plan).toMatchObject({ format: 'mp4', width: 1280, height: 720, fps: 24, frames: 60, stepsPerFrame: 7, camera: 'still', readouts: true, png: false });
    expect(resolveRecordOptions({ frames: 9, seconds: 100 }, 8192, 1).frames).toBe(9);
  });

  it('refuses options out of their limits, naming the limit', () => {
    const refused = (o: object, max = 4096) => () => resolveRecordOptions(o as never, max, 1);
    expect(refused({ width: 5000 })).toThrow(/record\(\): width = 5000 was refused: it must be a whole number of pixels from 16 to 4096 \(this device's maxTextureDimension2D\)/);
    expect(refused({ height: 8 })).toThrow(/height = 8 was refused/);
    expect(refused({ width: 641, height: 360 })).toThrow(/width = 641 was refused: it must be even for MP4/);
    expect(resolveRecordOptions({ width: 641, height: 360, format: 'webm' }, 4096, 1).width).toBe(641);
    expect(refused({ fps: 0 })).toThrow(/fps = 0 was refused: it must be a whole number of frames per second from 1 to 120/);
    expect(refused({ seconds: 601 })).toThrow(/seconds = 601 was refused/);
    expect(refused({ frames: 30 * 601 })).toThrow(/frames = 18030 was refused: it must be a whole number from 1 to 18000/);
    expect(refused({ stepsPerFrame: -1 })).toThrow(/stepsPerFrame = -1 was refused/);
    expect(refused({ camera: 'spin' })).toThrow(/camera = "spin" was refused: it must be 'still', 'orbit' or 'path'/);
    expect(refused({ format: 'gif' })).toThrow(/format = "gif" was refused: it must be 'mp4' or 'webm'/);
    expect(refused({ codec: 'vp09.00.10.08' })).toThrow(/codec = "vp09.00.10.08" was refused: it must be an H.264 string/);
    expect(refused({ caption: 'x'.repeat(201) })).toThrow(/caption = .* was refused: it must be text of at most 200 characters/);
    expect(refused({ onFrame: 3 })).toThrow(/onFrame = 3 was refused: it must be a function/);
  });
});
