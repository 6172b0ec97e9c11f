/**
 * Draws the game lab's panels side by side into one canvas: per panel (one method each) the heat
 * map of f with contours and the equilibrium, the field's arrows, and the particles read straight
 * from that method's GameSimulation.pos. Pipelines are made once; a panel's bind group and style
 * uniforms when the panels are (re)built; frames only record draws.
 */
import { makeShaderDataDefinitions, makeStructuredView } from 'webgpu-utils';
import { uniformBuffer } from '../../gpu/bindings';
import { layoutEntries } from '../../gpu/BindingLayout';
import type { GameSimulation } from '../../games';
import { PANEL_SHADERS } from './labShaders';
import type { PlaneField } from './PlaneField';
import { ARROW_STRIDE, FIELD_GRID } from './planeFieldReference';

export interface PanelSpec {
  simulation: GameSimulation;
  /** The method's colour, r, g, b in 0..1. */
  color: readonly [number, number, number];
}

export interface PanelLayout {
  /** A panel's side in canvas pixels. */
  side: number;
  /** Pixels between panels. */
  gap: number;
}

interface Panel {
  simulation: GameSimulation;
  style: GPUBuffer;
  group: GPUBindGroup;
}

const ARROWS_PER_SIDE = Math.floor((FIELD_GRID - 1) / ARROW_STRIDE) + 1;
const BLEND: GPUBlendState = {
  color: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha' },
  alpha: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha' },
};

async function renderPipeline(device: GPUDevice, label: string, code: string, layout: GPUPipelineLayout, format: GPUTextureFormat) {
  const module = device.createShaderModule({ label: `${label}.module`, code });
  const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === 'error');
  if (errors.length) throw new Error(`WGSL compilation failed for ${label}:\n${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('\n')}`);
  return device.createRenderPipelineAsync({
    label,
    layout,
    vertex: { module, entryPoint: 'vs' },
    fragment: { module, entryPoint: 'fs', targets: [{ format, blend: BLEND }] },
    primitive: { topology: 'triangle-list' },
  });
}

export class PanelRenderer {
  private panels: Panel[] = [];
  private readonly styleDefinition = makeShaderDataDefinitions(PANEL_SHADERS.particles).uniforms.P;

  private constructor(
    private readonly device: GPUDevice,
    private readonly layout: GPUBindGroupLayout,
    private readonly entries: ReadonlyMap<string, GPUBindGroupLayoutEntry>,
    private readonly heatmap: GPURenderPipeline,
    private readonly arrows: GPURenderPipeline,
    private readonly particles: GPURenderPipeline,
  ) {}

  static async create(device: GPUDevice, format: GPUTextureFormat): Promise<PanelRenderer> {
    // The binding numbers and buffer types come from the WGSL; the render stages both read them.
    const entries = layoutEntries('PanelRenderer.layout', Object.values(PANEL_SHADERS));
    for (const e of entries.values()) e.visibility = GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT;
    const layout = device.createBindGroupLayout({ label: 'PanelRenderer.layout', entries: [...entries.values()] });
    const pipelineLayout = device.createPipelineLayout({ label: 'PanelRenderer.pipelineLayout', bindGroupLayouts: [layout] });
    const [heatmap, arrows, particles] = await Promise.all(
      (['heatmap', 'arrows', 'particles'] as const).map((k) => renderPipeline(device, `PanelRenderer.${k}`, PANEL_SHADERS[k], pipelineLayout, format)),
    );
    return new PanelRenderer(device, layout, entries, heatmap, arrows, particles);
  }

  /** One panel per spec, all on `field`'s plane; the previous panels' objects are freed. */
  setPanels(field: PlaneField, specs: readonly PanelSpec[]): void {
    this.freePanels();
    this.panels = specs.map(({ simulation, color }, k) => {
      const values = makeStructuredView(this.styleDefinition);
      values.set({ color: [...color, 1], count: simulation.count, m: simulation.game.m });
      const style = uniformBuffer(this.device, `PanelRenderer.style${k}`, values.arrayBuffer.byteLength);
      this.device.queue.writeBuffer(style, 0, values.arrayBuffer);
      const buffers: Record<string, GPUBuffer> = { V: field.view, field: field.field, P: style, game_pos: simulation.pos };
      const group = this.device.createBindGroup({
        label: `PanelRenderer.group${k}`,
        layout: this.layout,
        entries: [...this.entries].map(([name, e]) => ({ binding: e.binding, resource: { buffer: buffers[name] } })),
      });
      return { simulation, style, group };
    });
  }

  /** Records one render pass drawing every panel into `target`, left to right. */
  encode(encoder: GPUCommandEncoder, target: GPUTextureView, layout: PanelLayout): void {
    const pass = encoder.beginRenderPass({
      label: 'PanelRenderer.pass',
      colorAttachments: [{ view: target, loadOp: 'clear', storeOp: 'store', clearValue: { r: 0, g: 0, b: 0, a: 0 } }],
    });
    this.panels.forEach((panel, k) => {
      const x = k * (layout.side + layout.gap);
      pass.setViewport(x, 0, layout.side, layout.side, 0, 1);
      pass.setScissorRect(x, 0, layout.side, layout.side);
      pass.setBindGroup(0, panel.group);
      pass.setPipeline(this.heatmap);
      pass.draw(3);
      pass.setPipeline(this.arrows);
      pass.draw(9, ARROWS_PER_SIDE * ARROWS_PER_SIDE);
      pass.setPipeline(this.particles);
      pass.draw(6, panel.simulation.count);
    });
    pass.end();
  }

  private freePanels(): void {
    for (const p of this.panels) p.style.destroy();
    this.panels = [];
  }

  destroy(): void {
    this.freePanels();
  }
}
