/**
 * A recording's options: what a caller may ask for, the defaults, and the checks that refuse a
 * bad request with a RangeError naming the option and its limit, before any frame is drawn.
 */
import type { CameraMotion } from './cameraPath';

export type VideoFormat = 'mp4' | 'webm';

export interface RecordProgress {
  /** Frames finished so far. */
  frame: number;
  frames: number;
  /** Estimated from the frames so far. */
  secondsLeft: number;
}

/** Called before each frame is stepped, with the frame's index and the frame rate (a scene player changes settings here). */
/** What a frame hook may change in the frames from then on (a scene's title and its step's narration). */
export interface FrameText {
  title?: string;
  caption?: string;
}
/** Called before each frame is stepped; may change settings through the explorer, and the frame's text. */
export type FrameHook = (frame: number, fps: number) => Promise<FrameText | void> | FrameText | void;

/** What is drawn over the 3-D view in a recording or a PNG. */
export interface CompositeOptions {
  /** Large text at the top. */
  title?: string;
  /** Large text at the bottom (a subtitle line). */
  caption?: string;
  /** The readouts: landscape, step, losses, shares, and a loss chart over the recording. Default true. */
  readouts?: boolean;
  /** The colour bar, when the live view shows one. Default true. */
  colorBar?: boolean;
}

export interface RecordOptions extends CompositeOptions {
  /** 'mp4' (H.264) or 'webm' (VP9). Default 'mp4'. */
  format?: VideoFormat;
  /** Frame size in pixels. Default 1280 x 720. */
  width?: number;
  height?: number;
  /** Frames per second. Default 30. */
  fps?: number;
  /** Length in seconds (default 5), unless `frames` is given. */
  seconds?: number;
  frames?: number;
  /** Optimizer steps between frames. Default: the live setting stepsPerFrame. */
  stepsPerFrame?: number;
  /** 'still' (the view as it is), 'orbit' or 'path' (through the camera keyframes). Default 'still'. */
  camera?: CameraMotion;
  /** Degrees per second for 'orbit'. Default 12. */
  orbitSpeed?: number;
  /** Bits per second; default: a high quality for the size. */
  bitrate?: number;
  /** A full WebCodecs codec string, instead of the one picked for the size (e.g. 'avc1.640034'). */
  codec?: string;
  /** PNG frames instead of a video (what a browser without WebCodecs always gets). */
  png?: boolean;
  onProgress?: (progress: RecordProgress) => void;
  /** Each composited frame before encoding: for comparing recordings frame by frame. */
  onFrame?: (frame: number, pixels: ImageData) => void;
  beforeFrame?: FrameHook;
  /** Aborting stops the recording: the promise rejects, and view, camera and playing state are as before. */
  signal?: AbortSignal;
}

export interface RecordPlan extends Required<Omit<RecordOptions, 'seconds' | 'codec' | 'bitrate' | 'onProgress' | 'onFrame' | 'beforeFrame' | 'signal' | 'title' | 'caption'>> {
  title: string;
  caption: string;
  bitrate: number | null;
  /** The WebCodecs codec string. */
  codec: string;
}

export const RESOLUTIONS = {
  '640 × 360': [640, 360],
  '1280 × 720 (720p)': [1280, 720],
  '1920 × 1080 (1080p)': [1920, 1080],
  '3840 × 2160 (4K)': [3840, 2160],
} as const satisfies Record<string, [number, number]>;

export const MIN_SIZE = 16;
export const MAX_FPS = 120;
export const MAX_SECONDS = 600;
const MAX_STEPS_PER_FRAME = 1_000_000;
const MAX_TEXT = 200;

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : typeof v === 'function' ? 'a function' : String(v));

function refuse(method: string, name: string, value: unknown, wanted: string): never {
  throw new RangeError(`${method}(): ${name} = ${show(value)} was refused: it must be ${wanted}.`);
}

const isWhole = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/** Checks a frame size against the device's largest texture (the 3-D view is drawn at that size). */
export function checkSize(method: string, width: unknown, height: unknown, maxTexture: number): void {
  const wanted = `a whole number of pixels from ${MIN_SIZE} to ${maxTexture} (this device's maxTextureDimension2D)`;
  if (!isWhole(width, MIN_SIZE, maxTexture)) refuse(method, 'width', width, wanted);
  if (!isWhole(height, MIN_SIZE, maxTexture)) refuse(method, 'height', height, wanted);
}

/** The H.264 High-profile level that holds this size and rate (frame size and macroblocks per second, ITU-T H.264 table A-1). */
function avcCodec(width: number, height: number, fps: number): string {
  const blocks = Math.ceil(width / 16) * Math.ceil(height / 16);
  const levels: [string, number, number][] = [['28', 8192, 245_760], ['2a', 8704, 522_240], ['33', 36_864, 983_040], ['34', 36_864, 2_073_600], ['3c', 139_264, 4_177_920]];
  const level = levels.find(([, frame, rate]) => blocks <= frame && blocks * fps <= rate) ?? levels[levels.length - 1];
  return `avc1.6400${level[0]}`;
}

/** The VP9 profile-0 level that holds this size and rate (luma samples per frame and per second, VP9 levels table). */
function vp9Codec(width: number, height: number, fps: number): string {
  const samples = width * height;
  const levels: [string, number, number][] = [
    ['10', 36_864, 829_440], ['11', 73_728, 2_764_800], ['20', 122_880, 4_608_000], ['21', 245_760, 9_216_000],
    ['30', 552_960, 20_736_000], ['31', 983_040, 36_864_000], ['40', 2_228_224, 83_558_400], ['41', 2_228_224, 160_432_128],
    ['50', 8_912_896, 311_951_360], ['51', 8_912_896, 588_251_136], ['52', 8_912_896, 1_176_502_272], ['60', 35_651_584, 1_176_502_272],
  ];
  const level = levels.find(([, frame, rate]) => samples <= frame && samples * fps <= rate) ?? levels[levels.length - 1];
  return `vp09.00.${level[0]}.08`;
}

export function codecFor(format: VideoFormat, width: number, height: number, fps: number): string {
  return format === 'mp4' ? avcCodec(width, height, fps) : vp9Codec(width, height, fps);
}

/** The options with defaults filled in; throws a RangeError naming the first option out of its limits. */
export function resolveRecordOptions(o: RecordOptions, maxTexture: number, liveStepsPerFrame: number): RecordPlan {
  const m = 'record';
  if (typeof o !== 'object' || o === null || Array.isArray(o)) refuse(m, 'options', o, 'an object of options');
  const format = o.format ?? 'mp4';
  if (format !== 'mp4' && format !== 'webm') refuse(m, 'format', format, "'mp4' or 'webm'");
  const width = o.width ?? 1280;
  const height = o.height ?? 720;
  checkSize(m, width, height, maxTexture);
  // 4:2:0 video stores colour per 2 x 2 pixels: H.264 encoders refuse odd sizes.
  if (format === 'mp4' && !o.png && (width % 2 || height % 2)) refuse(m, width % 2 ? 'width' : 'height', width % 2 ? width : height, 'even for MP4 (H.264 stores colour per 2 x 2 pixels)');
  const fps = o.fps ?? 30;
  if (!isWhole(fps, 1, MAX_FPS)) refuse(m, 'fps', fps, `a whole number of frames per second from 1 to ${MAX_FPS}`);
  let frames: number;
  if (o.frames !== undefined) {
    if (!isWhole(o.frames, 1, MAX_SECONDS * fps)) refuse(m, 'frames', o.frames, `a whole number from 1 to ${MAX_SECONDS * fps} (${MAX_SECONDS} s at ${fps} frames/s)`);
    frames = o.frames;
  } else {
    const seconds = o.seconds ?? 5;
    if (typeof seconds !== 'number' || !(seconds * fps >= 1) || seconds > MAX_SECONDS) refuse(m, 'seconds', seconds, `a number of seconds from 1/fps to ${MAX_SECONDS}`);
    frames = Math.round(seconds * fps);
  }
  const stepsPerFrame = o.stepsPerFrame ?? liveStepsPerFrame;
  if (!isWhole(stepsPerFrame, 0, MAX_STEPS_PER_FRAME)) refuse(m, 'stepsPerFrame', stepsPerFrame, `a whole number from 0 to ${MAX_STEPS_PER_FRAME.toLocaleString('en-US')}`);
  const camera = o.camera ?? 'still';
  if (camera !== 'still' && camera !== 'orbit' && camera !== 'path') refuse(m, 'camera', camera, "'still', 'orbit' or 'path'");
  const orbitSpeed = o.orbitSpeed ?? 12;
  if (typeof orbitSpeed !== 'number' || !Number.isFinite(orbitSpeed) || Math.abs(orbitSpeed) > 360) refuse(m, 'orbitSpeed', orbitSpeed, 'a number of degrees per second from −360 to 360');
  if (o.bitrate !== undefined && !isWhole(o.bitrate, 10_000, 500_000_000)) refuse(m, 'bitrate', o.bitrate, 'a whole number of bits per second from 10,000 to 500,000,000');
  if (o.codec !== undefined && (typeof o.codec !== 'string' || !/^[\w.-]{1,64}$/.test(o.codec))) refuse(m, 'codec', o.codec, "a WebCodecs codec string such as 'avc1.640034' or 'vp09.00.41.08'");
  if (o.codec !== undefined && !o.codec.startsWith(format === 'mp4' ? 'avc1.' : 'vp09.')) refuse(m, 'codec', o.codec, `${format === 'mp4' ? "an H.264 string ('avc1.…') for MP4" : "a VP9 string ('vp09.…') for WebM"}`);
  for (const key of ['title', 'caption'] as const) {
    const v = o[key];
    if (v !== undefined && (typeof v !== 'string' || v.length > MAX_TEXT)) refuse(m, key, v, `text of at most ${MAX_TEXT} characters`);
  }
  for (const key of ['onProgress', 'onFrame', 'beforeFrame'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'function') refuse(m, key, o[key], 'a function');
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) refuse(m, 'signal', o.signal, 'an AbortSignal');
  return {
    format, width, height, fps, frames, stepsPerFrame, camera, orbitSpeed,
    title: o.title ?? '', caption: o.caption ?? '', readouts: o.readouts ?? true, colorBar: o.colorBar ?? true,
    png: Boolean(o.png), bitrate: o.bitrate ?? null, codec: o.codec ?? codecFor(format, width, height, fps),
  };
}
