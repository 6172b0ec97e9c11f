/**
 * One frame of a recording or PNG, composed in a 2-D canvas: the 3-D view as just drawn, its axis
 * labels (CSS labels in the live page, drawn here at their projected points), the readouts, the
 * colour bar, a title and a caption. Not the panel. Everything scales with the frame, so a 4K
 * frame looks like a 720p one, only sharper.
 */
import * as THREE from 'three/webgpu';
import { CSS2DObject } from 'three/addons/renderers/CSS2DRenderer.js';
import type { Summary } from '../engine';
import type { ExplorerSettings } from '../settings';
import type { SceneView } from '../view/SceneView';
import type { ViewMapping } from '../view/ViewMapping';
import type { CompositeOptions } from './options';
import { COLORS, COLOR_BAR_MARGIN, drawColorBar, drawReadouts, fitText, FONT, READOUTS_MARGIN, showsColorBar, wrapText, type LossHistory } from './readouts';
import { pngOf, type FrameCanvas } from './sinks';
import type { Context2D } from './readouts';

export interface FrameState {
  settings: ExplorerSettings;
  summary: Summary | null;
  mapping: ViewMapping;
  history: LossHistory | null;
}

export class Compositor {
  readonly canvas: FrameCanvas;
  private readonly ctx: Context2D;
  /** Text and boxes scale with the frame: 1 at 1280 x 720. */
  private readonly unit: number;

  /** `readable`: frames will be read back (getImageData), so the canvas keeps them in memory. */
  constructor(readonly width: number, readonly height: number, readable = false) {
    this.canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height });
    const ctx = this.canvas.getContext('2d', { alpha: false, willReadFrequently: readable }) as Context2D | null;
    if (!ctx) throw new Error('No 2-D canvas context: frames cannot be composed in this browser.');
    this.ctx = ctx;
    this.unit = Math.min(width / 1280, height / 720);
  }

  /** Composes the frame from the view's canvas, which must have been drawn in this same task (a WebGPU canvas keeps its image only until then). */
  draw(view: SceneView, state: FrameState, options: CompositeOptions): void {
    const { ctx, width, height, unit: u } = this;
    ctx.save();
    ctx.fillStyle = '#14161c';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(view.renderer.domElement, 0, 0, width, height);
    this.drawLabels(view);
    let left = 0;
    if (options.readouts !== false) left = drawReadouts(ctx, u, state.settings, state.summary, state.history);
    if (options.colorBar !== false) drawColorBar(ctx, u, width, height, state.settings, state.mapping);
    if (options.title) this.drawTitle(options.title, left);
    if (options.caption) this.drawCaption(options.caption);
    ctx.restore();
  }

  /** The frame's margins, in pixels, that the readouts and colour bar cover: the 3-D view centres between them. */
  margins(settings: ExplorerSettings, options: CompositeOptions): { left: number; right: number } {
    const u = this.unit;
    return {
      left: options.readouts !== false ? READOUTS_MARGIN * u : 0,
      right: options.colorBar !== false && showsColorBar(settings) ? COLOR_BAR_MARGIN * u : 0,
    };
  }

  /** The frame's pixels, as composed. */
  pixels(): ImageData {
    return this.ctx.getImageData(0, 0, this.width, this.height);
  }

  png(): Promise<Blob> {
    return pngOf(this.canvas);
  }

  /** Every visible CSS label of the scene (axis ticks and names), centred on its projected point as the CSS renderer places it. */
  private drawLabels(view: SceneView): void {
    const { ctx, unit: u } = this;
    const at = new THREE.Vector3();
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.shadowColor = '#000';
    ctx.shadowBlur = 4 * u;
    view.scene.traverseVisible((object) => {
      if (!(object instanceof CSS2DObject)) return;
      const text = object.element.textContent ?? '';
      const p = text && view.canvasPointOf(object.getWorldPosition(at));
      if (!p) return;
      const title = object.element.classList.contains('axis-title');
      ctx.font = title ? `600 ${23 * u}px ${FONT}` : `${18 * u}px ${FONT}`;
      ctx.fillStyle = title ? COLORS.text : COLORS.muted;
      ctx.fillText(text, p.x, p.y);
    });
    ctx.shadowBlur = 0;
  }

  /** Large text at the top, centred in the room the readouts leave. */
  private drawTitle(text: string, left: number): void {
    const { ctx, width, unit: u } = this;
    const from = left + 16 * u;
    // A long title (a scene's, with its readout) shrinks to fit before it is cut.
    const room = width - from - 24 * u;
    let size = 40;
    do ctx.font = `650 ${size * u}px ${FONT}`;
    while (ctx.measureText(text).width > room && (size -= 2) >= 26);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.shadowColor = '#000';
    ctx.shadowBlur = 6 * u;
    ctx.fillStyle = COLORS.text;
    ctx.fillText(fitText(ctx, text, room), (from + width) / 2, 22 * u);
    ctx.shadowBlur = 0;
  }

  /** A subtitle band at the bottom: two lines, wrapped at words; a longer text gets three smaller ones. */
  private drawCaption(text: string): void {
    const { ctx, width, height, unit: u } = this;
    const max = width * 0.8;
    ctx.font = `${32 * u}px ${FONT}`;
    let lines = wrapText(ctx, text, max, 3);
    let lineHeight = 42 * u;
    if (lines.length > 2) {
      ctx.font = `${26 * u}px ${FONT}`;
      lines = wrapText(ctx, text, max, 3);
      lineHeight = 34 * u;
    }
    const boxW = Math.min(max, Math.max(...lines.map((l) => ctx.measureText(l).width))) + 36 * u;
    const boxH = lines.length * lineHeight + 20 * u;
    const y = height - 28 * u - boxH;
    ctx.fillStyle = 'rgba(0, 0, 0, 0.62)';
    ctx.beginPath();
    ctx.roundRect((width - boxW) / 2, y, boxW, boxH, 8 * u);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    lines.forEach((line, i) => ctx.fillText(line, width / 2, y + 10 * u + i * lineHeight + 4 * u));
  }
}
