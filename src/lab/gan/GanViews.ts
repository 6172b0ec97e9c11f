/**
 * The lab's two WebGPU canvases, drawn straight from GPU buffers: the focused GAN large (the
 * discriminator's heat map, the modes, some real samples and the generator's samples) and the
 * small multiples (every GAN's samples over the modes, one cell each). Pipelines, uniforms and
 * bind groups are made here once; a frame writes uniforms and encodes two render passes.
 */
import pointsSource from '../../../shaders/lab_gan_points.wgsl?raw';
import heatSource from '../../../shaders/lab_gan_heatmap.wgsl?raw';
import { makeShaderDataDefinitions, makeStructuredView, type StructuredView } from 'webgpu-utils';
import { uniformBuffer } from '../../gpu/bindings';
import type { PlaneWindow } from './discriminatorGrid';

const pointDefs = makeShaderDataDefinitions(pointsSource);
const heatDefs = makeShaderDataDefinitions(heatSource);

/** What one frame shows. */
export interface ViewState {
  focus: number;
  gans: number;
  /** Samples per GAN in the samples buffer (its layout) and drawn. */
  perGan: number;
  cols: number;
  window: PlaneWindow;
  /** Real samples drawn in the focused view. */
  realShown: number;
  modes: number;
}

export interface ViewSources {
  samples: GPUBuffer;
  real: GPUBuffer;
  modes: GPUBuffer;
  heat: GPUBuffer;
  heatResolution: number;
}

interface PointLayer {
  uniform: GPUBuffer;
  group: GPUBindGroup;
  view: StructuredView;
}

const BLEND: GPUBlendState = {
  color: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha' },
  alpha: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha' },
};
const BACKGROUND = { r: 0.07, g: 0.08, b: 0.11, a: 1 };

export class GanViews {
  private readonly points: GPURenderPipeline;
  private readonly heatPipeline: GPURenderPipeline;
  private readonly layers: Record<'focusModes' | 'focusReal' | 'focusFake' | 'gridModes' | 'gridFake', PointLayer>;
  private readonly heatUniform: GPUBuffer;
  private readonly heatView = makeStructuredView(heatDefs.uniforms.HD);
  private readonly heatGroup: GPUBindGroup;
  private readonly contexts: GPUCanvasContext[];

  constructor(
    private readonly device: GPUDevice,
    private readonly canvases: [HTMLCanvasElement, HTMLCanvasElement],
    private readonly sources: ViewSources,
  ) {
    const format = navigator.gpu.getPreferredCanvasFormat();
    this.contexts = canvases.map((c) => {
      const context = c.getContext('webgpu');
      if (!context) throw new Error('GanViews: this browser gives no WebGPU canvas context.');
      context.configure({ device, format, alphaMode: 'opaque' });
      return context;
    });
    const pointModule = device.createShaderModule({ label: 'GanViews.pointModule', code: pointsSource });
    this.points = device.createRenderPipeline({
      label: 'GanViews.points',
      layout: 'auto',
      vertex: { module: pointModule, entryPoint: 'vs' },
      fragment: { module: pointModule, entryPoint: 'fs', targets: [{ format, blend: BLEND }] },
    });
    const heatModule = device.createShaderModule({ label: 'GanViews.heatModule', code: heatSource });
    this.heatPipeline = device.createRenderPipeline({
      label: 'GanViews.heat',
      layout: 'auto',
      vertex: { module: heatModule, entryPoint: 'vs' },
      fragment: { module: heatModule, entryPoint: 'fs', targets: [{ format }] },
    });
    this.heatUniform = uniformBuffer(device, 'GanViews.heatUniform', this.heatView.arrayBuffer.byteLength);
    this.heatGroup = device.createBindGroup({
      label: 'GanViews.heatGroup',
      layout: this.heatPipeline.getBindGroupLayout(0),
      entries: [
        { binding: heatDefs.uniforms.HD.binding, resource: { buffer: this.heatUniform } },
        { binding: heatDefs.storages.heat.binding, resource: { buffer: sources.heat } },
      ],
    });
    const layer = (name: string, buffer: GPUBuffer): PointLayer => {
      const view = makeStructuredView(pointDefs.uniforms.PP);
      const uniform = uniformBuffer(device, `GanViews.${name}Uniform`, view.arrayBuffer.byteLength);
      const group = device.createBindGroup({
        label: `GanViews.${name}Group`,
        layout: this.points.getBindGroupLayout(0),
        entries: [
          { binding: pointDefs.uniforms.PP.binding, resource: { buffer: uniform } },
          { binding: pointDefs.storages.points.binding, resource: { buffer } },
        ],
      });
      return { uniform, group, view };
    };
    this.layers = {
      focusModes: layer('focusModes', sources.modes),
      focusReal: layer('focusReal', sources.real),
      focusFake: layer('focusFake', sources.samples),
      gridModes: layer('gridModes', sources.modes),
      gridFake: layer('gridFake', sources.samples),
    };
  }

  /** Records both views of `state` into `encoder`. */
  encode(encoder: GPUCommandEncoder, state: ViewState, drawHeat: boolean): void {
    for (const c of this.canvases) {
      const w = Math.max(1, Math.round(c.clientWidth * devicePixelRatio));
      const h = Math.max(1, Math.round(c.clientHeight * devicePixelRatio));
      if (c.width !== w || c.height !== h) [c.width, c.height] = [w, h];
    }
    const [focus, grid] = this.canvases;
    const { window: win } = state;
    const common = (c: HTMLCanvasElement) => ({ pixel: [2 / c.width, 2 / c.height], centre: win.centre, half_extent: win.halfExtent });
    const big = Math.max(1.5, focus.width / 400);
    const draws: [PointLayer, number, Record<string, unknown>][] = [
      [this.layers.focusReal, state.realShown, { ...common(focus), per_cell: state.realShown, source_first: 0, source_step: 0, cols: 1, cells: 1, colour: [0.9, 0.9, 0.9, 0.55], radius: 1.6 * big }],
      [this.layers.focusFake, state.perGan, { ...common(focus), per_cell: state.perGan, source_first: state.focus * state.perGan, source_step: 0, cols: 1, cells: 1, colour: [0.5, 0.85, 1, 0.8], radius: 2.2 * big }],
      [this.layers.focusModes, state.modes, { ...common(focus), per_cell: state.modes, source_first: 0, source_step: 0, cols: 1, cells: 1, colour: [1, 1, 1, 0.35], radius: 7 * big }],
      [this.layers.gridModes, state.modes * state.gans, { ...common(grid), per_cell: state.modes, source_first: 0, source_step: 0, cols: state.cols, cells: state.gans, colour: [1, 1, 1, 0.3], radius: 3 * Math.max(1, grid.width / 800) }],
      [this.layers.gridFake, state.perGan * state.gans, { ...common(grid), per_cell: state.perGan, source_first: 0, source_step: state.perGan, cols: state.cols, cells: state.gans, colour: [0.5, 0.85, 1, 0.7], radius: 1.2 * Math.max(1, grid.width / 800) }],
    ];
    for (const [layer, , values] of draws) {
      layer.view.set(values);
      this.device.queue.writeBuffer(layer.uniform, 0, layer.view.arrayBuffer);
    }
    this.heatView.set({ resolution: this.sources.heatResolution, canvas: [focus.width, focus.height] });
    this.device.queue.writeBuffer(this.heatUniform, 0, this.heatView.arrayBuffer);

    const pass = (context: GPUCanvasContext, label: string) =>
      encoder.beginRenderPass({
        label,
        colorAttachments: [{ view: context.getCurrentTexture().createView(), loadOp: 'clear', storeOp: 'store', clearValue: BACKGROUND }],
      });
    const one = pass(this.contexts[0], 'GanViews.focusPass');
    if (drawHeat) {
      one.setPipeline(this.heatPipeline);
      one.setBindGroup(0, this.heatGroup);
      one.draw(3);
    }
    one.setPipeline(this.points);
    for (const [layer, count] of draws.slice(0, 3)) {
      one.setBindGroup(0, layer.group);
      one.draw(6, count);
    }
    one.end();
    const many = pass(this.contexts[1], 'GanViews.gridPass');
    many.setPipeline(this.points);
    for (const [layer, count] of draws.slice(3)) {
      many.setBindGroup(0, layer.group);
      many.draw(6, count);
    }
    many.end();
  }

  destroy(): void {
    for (const l of Object.values(this.layers)) l.uniform.destroy();
    this.heatUniform.destroy();
    for (const c of this.contexts) c.unconfigure();
  }
}
