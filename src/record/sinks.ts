/**
 * Where composited frames go: a video file (WebCodecs encodes, mediabunny muxes MP4 or WebM) or,
 * without WebCodecs, a sequence of PNG images.
 */
import { BufferTarget, CanvasSource, Mp4OutputFormat, Output, QUALITY_HIGH, WebMOutputFormat } from 'mediabunny';
import type { RecordPlan } from './options';

export type FrameCanvas = HTMLCanvasElement | OffscreenCanvas;

export interface FrameSink {
  /** Takes the canvas as it is now, as the frame at `seconds`. */
  add(canvas: FrameCanvas, seconds: number): Promise<void>;
  finish(): Promise<Blob | Blob[]>;
  /** Drops what was written. */
  cancel(): Promise<void>;
}

export const hasWebCodecs = (): boolean => typeof VideoEncoder !== 'undefined' && typeof VideoFrame !== 'undefined';

export function pngOf(canvas: FrameCanvas): Promise<Blob> {
  if (canvas instanceof HTMLCanvasElement) {
    return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The canvas could not be encoded as PNG.'))), 'image/png'));
  }
  return canvas.convertToBlob({ type: 'image/png' });
}

export class PngSequence implements FrameSink {
  private frames: Blob[] = [];

  async add(canvas: FrameCanvas): Promise<void> {
    this.frames.push(await pngOf(canvas));
  }

  async finish(): Promise<Blob[]> {
    return this.frames;
  }

  async cancel(): Promise<void> {
    this.frames = [];
  }
}

const LABEL = { mp4: 'MP4 (H.264)', webm: 'WebM (VP9)' } as const;

export class VideoFile implements FrameSink {
  private constructor(
    private readonly output: Output<Mp4OutputFormat | WebMOutputFormat, BufferTarget>,
    private readonly source: CanvasSource,
    private readonly fps: number,
    private readonly mime: string,
  ) {}

  /** Refuses, with a RangeError, a codec, size and rate this browser's encoder does not support. */
  static async check(plan: RecordPlan): Promise<void> {
    const { codec, width, height, fps, format } = plan;
    const config: VideoEncoderConfig = { codec, width, height, framerate: fps, ...(plan.bitrate ? { bitrate: plan.bitrate } : {}) };
    let supported = false;
    try {
      supported = Boolean((await VideoEncoder.isConfigSupported(config)).supported);
    } catch {
      // A malformed codec string rejects rather than answering no: the same refusal.
    }
    if (!supported) {
      throw new RangeError(
        `record(): this browser cannot encode ${LABEL[format]} with codec ${codec} at ${width} × ${height} pixels, ${fps} frames/s ` +
          `(VideoEncoder.isConfigSupported said no). Try a smaller size, the other format, or png: true.`,
      );
    }
  }

  /** Opens a file for frames drawn into `canvas` (whose size is the video's). */
  static async open(plan: RecordPlan, canvas: FrameCanvas): Promise<VideoFile> {
    await VideoFile.check(plan);
    const format = plan.format === 'mp4' ? new Mp4OutputFormat({ fastStart: 'in-memory' }) : new WebMOutputFormat();
    const output = new Output({ format, target: new BufferTarget() });
    const source = new CanvasSource(canvas, {
      codec: plan.format === 'mp4' ? 'avc' : 'vp9',
      fullCodecString: plan.codec,
      bitrate: plan.bitrate ?? QUALITY_HIGH,
      latencyMode: 'quality',
    });
    output.addVideoTrack(source, { frameRate: plan.fps });
    await output.start();
    return new VideoFile(output, source, plan.fps, plan.format === 'mp4' ? 'video/mp4' : 'video/webm');
  }

  add(_canvas: FrameCanvas, seconds: number): Promise<void> {
    return this.source.add(seconds, 1 / this.fps);
  }

  async finish(): Promise<Blob> {
    await this.output.finalize();
    return new Blob([this.output.target.buffer!], { type: this.mime });
  }

  async cancel(): Promise<void> {
    if (this.output.state !== 'canceled' && this.output.state !== 'finalized') await this.output.cancel();
  }
}
