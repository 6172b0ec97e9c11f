/**
 * The plane a game lab panel shows: f and its gradient on a FIELD_GRID² grid over (x1, y1)
 * through the equilibrium, computed by the game's own WGSL into a storage buffer the panels'
 * render pipelines read, and the view uniforms they share. Recomputed only when the square moves.
 * Twin: ./planeFieldReference.ts.
 */
import { makeShaderDataDefinitions, makeStructuredView, type StructuredView } from 'webgpu-utils';
import { compute, uniformBuffer } from '../../gpu/bindings';
import { BindingLayout } from '../../gpu/BindingLayout';
import type { Game } from '../../games';
import { gameUniformsView } from '../../games/gameLayouts';
import { planeFieldKernel } from './labShaders';
import { ARROW_STRIDE, planeFrame, planeScales, type PlaneFrame, type PlaneScales } from './planeFieldReference';

const FIELD_WORKGROUP = 8;
const VEC4_BYTES = 16;

export class PlaneField {
  /** Per sample (f, ∂f/∂x1, ∂f/∂y1, 0), sample (i, j) at j · grid + i. */
  readonly field: GPUBuffer;
  /** The PlaneView uniforms (shaders/lab_games_plane_view.wgsl). */
  readonly view: GPUBuffer;
  private readonly buffers: GPUBuffer[];
  private readonly group: GPUBindGroup;
  private readonly viewValues: StructuredView;
  private frameNow: PlaneFrame;
  private scalesNow: PlaneScales;
  private dirty = true;
  private sidePx = 1;
  private pointPx = 1;

  private constructor(
    private readonly device: GPUDevice,
    readonly game: Game,
    extent: number,
    layout: BindingLayout,
    private readonly pipeline: GPUComputePipeline,
    viewValues: StructuredView,
  ) {
    this.viewValues = viewValues;
    this.frameNow = planeFrame(game, extent);
    this.scalesNow = planeScales(game, extent);
    const grid = this.frameNow.grid;
    this.field = device.createBuffer({ label: 'PlaneField.field', size: grid * grid * VEC4_BYTES, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    this.view = uniformBuffer(device, 'PlaneField.view', viewValues.arrayBuffer.byteLength);
    const gameValues = gameUniformsView();
    const gameUniforms = uniformBuffer(device, 'PlaneField.gameUniforms', gameValues.arrayBuffer.byteLength);
    const matrix = device.createBuffer({ label: 'PlaneField.matrix', size: game.matrix.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    this.buffers = [this.field, this.view, gameUniforms, matrix];
    gameValues.set({ a: game.a, b: game.b });
    device.queue.writeBuffer(gameUniforms, 0, gameValues.arrayBuffer);
    device.queue.writeBuffer(matrix, 0, game.matrix);
    this.group = layout.bindGroup('PlaneField.group', { G: gameUniforms, game_matrix: matrix, V: this.view, field: this.field });
    this.writeView();
  }

  static async create(device: GPUDevice, game: Game, extent: number): Promise<PlaneField> {
    const code = planeFieldKernel(game.id);
    const layout = BindingLayout.fromWgsl(device, 'PlaneField.layout', code);
    const pipeline = await compute(device, 'PlaneField.pipeline', code, [layout.layout], 'main', { GAME_M: game.m, GAME_N: game.n });
    const viewValues = makeStructuredView(makeShaderDataDefinitions(code).uniforms.V);
    return new PlaneField(device, game, extent, layout, pipeline, viewValues);
  }

  get frame(): PlaneFrame {
    return this.frameNow;
  }
  get scales(): PlaneScales {
    return this.scalesNow;
  }

  /** Another square: the field is recomputed at the next encode. */
  setExtent(extent: number): void {
    if (extent === this.frameNow.extent) return;
    this.frameNow = planeFrame(this.game, extent);
    this.scalesNow = planeScales(this.game, extent);
    this.dirty = true;
  }

  /** The view uniforms for panels `sidePx` pixels wide with particles of radius `pointPx`. */
  writeView(sidePx = this.sidePx, pointPx = this.pointPx): void {
    this.sidePx = sidePx;
    this.pointPx = pointPx;
    const { center, extent, grid } = this.frameNow;
    this.viewValues.set({
      center,
      extent,
      grid,
      value_mid: this.scalesNow.valueMid,
      value_span: this.scalesNow.valueSpan,
      speed_max: this.scalesNow.speedMax,
      side_px: sidePx,
      arrow_stride: ARROW_STRIDE,
      point_px: pointPx,
    });
    this.device.queue.writeBuffer(this.view, 0, this.viewValues.arrayBuffer);
  }

  /** Records the field's computation when the square changed since the last. */
  encode(encoder: GPUCommandEncoder): void {
    if (!this.dirty) return;
    // The uniforms written at this point carry the new square.
    this.writeView();
    const groups = Math.ceil(this.frameNow.grid / FIELD_WORKGROUP);
    const pass = encoder.beginComputePass({ label: 'PlaneField.pass' });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.group);
    pass.dispatchWorkgroups(groups, groups);
    pass.end();
    this.dirty = false;
  }

  destroy(): void {
    for (const b of this.buffers) b.destroy();
  }
}
