/**
 * Every setting, once: type, default, range or choices, label, panel folder, URL name and what
 * a change triggers. Validation, the URL codec, the panel, explorer.set() and the README's
 * settings table all read this table; a new setting is one row here.
 */
import { LANDSCAPES, MAX_DIM } from '../landscapes';
import { MAX_PARTICLES } from '../engine/validate';
import { HYPERPARAMETER_ROWS, RUN_ROWS, type RunSettings } from '../optimizers';
import { COLORMAPS } from '../view/colormaps';
import { DEFAULT_SHARPNESS_EVERY } from '../analysis/sharpnessSummary';
import { boolean, choice, interval, number, optionalNumber, record, text, type Row, type RowValue } from './rows';
import { landscapeFor } from './resolve';
import { checkTypedFunction, MAX_LENGTH } from '../landscapes/typed';
import { DEFAULT_TYPED_FUNCTION } from '../landscapes';

const fixedDimension = (s: Record<string, unknown>) => {
  const l = landscapeFor(s as { landscape: string; expression: string });
  if (l.dimensionOf) return "the network's parameter count";
  return l.dims.min === l.dims.max ? `${l.name} is ${l.dims.min}-D only` : null;
};

const ROWS = {
  // Landscape
  landscape: choice({
    default: 'himmelblau', label: 'function', folder: 'Landscape', trigger: 'rebuild',
    choices: Object.fromEntries(LANDSCAPES.map((l) => [l.id, l.name])) as Record<string, string>,
    help: 'The loss surface; changing it resets the dimension to what it allows, the view box and its parameters.',
  }),
  expression: text({
    default: DEFAULT_TYPED_FUNCTION, maxLength: MAX_LENGTH, label: 'f =', folder: 'Landscape', trigger: 'rebuild',
    rule: 'a function of x and y, or a sum over coordinates written with sum(…) (x: x_i, xn: x_{i+1}, i, D)',
    help:
      "The typed function (landscape 'typed'): f(x, y), or f over x₁..x_D with sum(…), using numbers, + − * / ^, pi, e, D and " +
      'sin cos tan asin acos atan sinh cosh tanh exp log sqrt abs; differentiated symbolically. Anything else is refused with its position.',
    check: (t) => {
      const r = checkTypedFunction(t);
      return r.ok ? null : `${r.message}\n${r.caret}`;
    },
    shownWhen: (s) => s.landscape === 'typed',
  }),
  dim: number({
    default: 2, min: 2, max: MAX_DIM, integer: true, label: 'dimension D', folder: 'Landscape', trigger: 'rebuild',
    help: 'Number of coordinates of every particle (2-D-only landscapes keep 2).', disabledWhen: fixedDimension,
  }),
  params: record({
    default: {}, label: 'parameters', folder: 'Landscape', trigger: 'params',
    help: "The landscape's own parameters by key (e.g. kappa); missing keys take their defaults. In a link: params=kappa:10,k:2.",
  }),
  box: interval({
    default: null, label: 'view box', folder: 'Landscape', trigger: 'slice',
    help: "The interval drawn on both slice axes; null (auto) takes the landscape's own. Particles outside it keep moving, unseen.",
  }),
  logScale: boolean({ default: true, label: 'log height', folder: 'Landscape', trigger: 'view', help: 'Heights, colours and the histogram on a log scale of the loss.' }),

  // Slice
  sliceCenter: choice({
    default: 'minimum', label: 'centre', folder: 'Slice', trigger: 'slice',
    choices: { minimum: 'known minimum', origin: 'origin', best: 'best particle', mean: "particles' mean", saddle: 'known saddle' },
    help: 'The point the drawn plane passes through.',
  }),
  sliceDirections: choice({
    default: 'axes', label: 'directions', folder: 'Slice', trigger: 'slice',
    choices: {
      axes: 'axes x₁, x₂', random: 'random directions', pca: 'principal components', hessian: 'Hessian λmin, λmax eigenvectors',
      filter: 'filter-normalised random (networks)', trajectory: "a recorded path's plane", points: 'through particles A, B, C',
    },
    help:
      "The plane's two directions: coordinate axes, seeded random, the cloud's top principal components, the Hessian's extreme " +
      "eigenvectors at the centre, seeded random directions rescaled per neuron to the centre's weights (Li et al. 2018), the " +
      "top two principal components of a recorded path centred at its end (needs recordPaths), or the plane through three particles (centred at A).",
  }),
  slicePath: number({
    default: 0, min: 0, max: 15, integer: true, label: 'path', folder: 'Slice', trigger: 'slice',
    help: "Which recorded path's plane is drawn (0 .. pathParticles − 1).", shownWhen: (s) => s.sliceDirections === 'trajectory',
  }),
  pointA: number({
    default: 0, min: 0, max: MAX_PARTICLES - 1, integer: true, label: 'particle A', folder: 'Trajectories', trigger: 'slice',
    help: 'First particle of the plane through three particles (its centre), and one end of interpolations.',
  }),
  pointB: number({
    default: 1, min: 0, max: MAX_PARTICLES - 1, integer: true, label: 'particle B', folder: 'Trajectories', trigger: 'slice',
    help: 'Second particle of the plane through three particles, and the other end of interpolations.',
  }),
  pointC: number({
    default: 2, min: 0, max: MAX_PARTICLES - 1, integer: true, label: 'particle C', folder: 'Trajectories', trigger: 'slice',
    help: 'Third particle of the plane through three particles.',
  }),
  sliceSeed: number({
    default: 1, min: 0, max: 0xffffffff, integer: true, label: 'direction seed', folder: 'Slice', trigger: 'slice',
    help: 'Seed of the random directions.',
  }),
  particleHeight: choice({
    default: 'loss', label: 'particles at', folder: 'Slice', trigger: 'view',
    choices: { loss: 'their own loss', slice: "the slice's loss" }, help: 'Height at which particles are drawn.',
  }),

  // Curvature and saddles
  curvatureSamples: number({
    default: 512, min: 1, max: 4096, integer: true, label: 'particles sampled', folder: 'Curvature and saddles', trigger: 'none',
    help: 'Particles the curvature census measures, spread over the population.',
  }),
  curvatureSteps: number({
    default: 20, min: 2, max: 32, integer: true, label: 'Lanczos steps each', folder: 'Curvature and saddles', trigger: 'none',
    help: 'Lanczos steps at each sampled particle.',
  }),
  criticalGradTol: number({
    default: 0.05, min: 1e-6, max: 10, log: true, label: 'near: |∇f| below', folder: 'Curvature and saddles', trigger: 'none',
    help: 'A sampled particle with a gradient norm below this counts as near a critical point.',
  }),
  escapeMargin: number({
    default: 0.5, min: 0, minOpen: true, max: 1e6, label: 'escaped: loss below saddle by', folder: 'Curvature and saddles', trigger: 'run',
    help: "A particle has escaped the known saddle once its loss is this far below the saddle's.",
  }),
  targetLoss: optionalNumber({
    default: null, min: -1e9, label: 'steps to reach loss', folder: null, trigger: 'run',
    help:
      "Record each particle's age when its loss first falls below this (steps to reach a target: step-size sweeps, the " +
      "depth experiment). null: the known saddle's loss minus the escape margin, on landscapes with one.",
  }),

  // Paths and sharpness
  trackSharpness: boolean({
    default: false, label: 'track sharpness', folder: 'Trajectories', trigger: 'paths',
    help: 'Every k steps, measure the top Hessian eigenvalue (sharpness) of sampled particles on the GPU and chart it against the step with 2/η (the edge of stability).',
  }),
  sharpnessEvery: number({
    default: DEFAULT_SHARPNESS_EVERY, min: 1, max: 100_000, integer: true, label: 'sharpness every k steps', folder: 'Trajectories', trigger: 'paths',
    help: 'Steps between sharpness measurements (each costs about as much time as a fixed number of steps: fewer steps between them cost more).', shownWhen: (s) => s.trackSharpness === true,
  }),
  sharpnessSamples: number({
    default: 16, min: 1, max: 256, integer: true, label: 'particles tracked', folder: 'Trajectories', trigger: 'paths',
    help: 'Particles whose sharpness is tracked, spread evenly over the population (the same ones throughout).',
    shownWhen: (s) => s.trackSharpness === true,
  }),
  recordPaths: boolean({
    default: false, label: 'record paths', folder: 'Trajectories', trigger: 'paths',
    help: 'Record the paths of a few particles on the GPU (every k steps, thinned when full so the whole path stays): for the plane of a path.',
  }),
  pathEvery: number({
    default: 10, min: 1, max: 100_000, integer: true, label: 'path every k steps', folder: 'Trajectories', trigger: 'paths',
    help: 'Steps between recorded points of a path (doubled each time the record fills).', shownWhen: (s) => s.recordPaths === true,
  }),
  pathParticles: number({
    default: 4, min: 1, max: 16, integer: true, label: 'paths recorded', folder: 'Trajectories', trigger: 'paths',
    help: 'Particles whose paths are recorded, spread evenly over the population.', shownWhen: (s) => s.recordPaths === true,
  }),

  // Particles
  count: number({
    default: 8192, min: 1, max: MAX_PARTICLES, integer: true, label: 'count', folder: 'Particles', trigger: 'rebuild',
    presets: [256, 1024, 4096, 8192, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216],
    help: "Number of particles (the device's buffer limits may allow fewer: refused with the limit named).",
  }),
  init: choice({
    default: 'uniform', label: 'start', folder: 'Particles', trigger: 'reset',
    choices: {
      uniform: 'uniform in the box', gaussian: 'Gaussian at the centre', grid: 'grid (basins)', saddle: 'at the known saddle',
      'xavier-normal': 'Xavier/Glorot normal (networks)', 'xavier-uniform': 'Xavier/Glorot uniform (networks)',
      'he-normal': 'He normal (networks)', 'he-uniform': 'He uniform (networks)',
      balanced: 'balanced, near zero (deep linear)',
    },
    help:
      'Where particles start; networks also start per layer as Xavier/Glorot or He prescribe (biases at zero); ' +
      'deep linear networks can start balanced (Arora, Cohen & Hazan 2018), each particle in its own direction.',
  }),
  balancedNorm: number({
    default: 1e-3, min: 1e-8, max: 10, log: true, label: 'end-to-end norm', folder: 'Particles', trigger: 'reset',
    help: "A balanced start's end-to-end map W_N⋯W_1 has this norm (near zero: the paper's start).",
    shownWhen: (s) => s.init === 'balanced',
  }),
  initGain: number({
    default: 1, min: 1e-3, max: 100, log: true, label: 'init scale factor', folder: 'Particles', trigger: 'reset',
    help: "Multiplies a network start's per-layer scale (Xavier, He): small factors start near zero.",
    shownWhen: (s) => String(s.init).includes('-'),
  }),
  initSigma: number({
    default: 0.5, min: 0, max: 100, step: 0.0001, label: 'start spread σ', folder: 'Particles', trigger: 'reset',
    help: 'Spread of a Gaussian start (around the box centre) or a saddle start (0: exactly on the saddle, allowed only there).',
  }),
  seed: number({
    default: 1, min: 0, max: 0xffffffff, integer: true, label: 'seed', folder: 'Particles', trigger: 'reset',
    help: 'Seed of every random number: the same seed gives the same run, step for step.',
  }),
  successLoss: number({
    default: 1e-4, min: 1e-12, max: 1e6, log: true, label: 'success: loss below', folder: 'Particles', trigger: 'view',
    help: 'A particle whose loss is below this has succeeded (colour by outcome, and the experiments).',
  }),
  dropCount: number({
    default: 256, min: 1, max: 65_536, integer: true, label: 'dropped per click', folder: 'Particles', trigger: 'none',
    help: 'Particles a click drops (the oldest are re-placed).',
  }),
  dropSpread: number({
    default: 0.02, min: 0, minOpen: true, max: 1, step: 0.001, label: 'drop spread', unit: 'of the box', folder: 'Particles', trigger: 'none',
    help: 'Spread of a dropped cluster, as a fraction of the view box.',
  }),

  // Optimizer and noise (rows of the engine's run settings)
  ...RUN_ROWS,
  stepsPerFrame: number({
    default: 1, min: 1, max: 256, integer: true, label: 'steps per frame', folder: 'Optimizer', trigger: 'none',
    help: 'Optimizer steps between drawn frames.',
  }),
  playing: boolean({ default: true, label: 'playing', folder: null, trigger: 'none', help: 'Whether the frame loop steps the particles (space toggles).' }),

  // View
  colormap: choice({
    default: 'viridis', label: 'colour map', folder: 'View', trigger: 'view',
    choices: Object.fromEntries(Object.keys(COLORMAPS).map((k) => [k, k])) as Record<keyof typeof COLORMAPS, string>,
    help: 'Colours of the surface and of particles coloured by loss.',
  }),
  colorBy: choice({
    default: 'basin', label: 'colour particles by', folder: 'View', trigger: 'view',
    choices: { basin: 'minimum reached', loss: 'loss', plain: 'white', outcome: 'outcome: success / stuck / moving' },
    help: "What a particle's colour shows; by outcome: green below the success loss, orange stuck (gradient below the convergence tolerance, loss above), grey still moving.",
  }),
  contours: boolean({ default: true, label: 'contours', folder: 'View', trigger: 'view', help: 'Contour lines on the surface.' }),
  showSurface: boolean({ default: true, label: 'surface', folder: 'View', trigger: 'view', help: 'Draw the surface.' }),
  wireframe: boolean({ default: false, label: 'wireframe', folder: 'View', trigger: 'view', help: 'Draw the surface as a wireframe.' }),
  showFunction: boolean({
    default: true, label: 'network view', folder: 'View', trigger: 'view',
    help: "Networks: draw what the best network computes (its output over a 2-D input plane, or a teacher–student net's unit angles).",
  }),
  hideDiverged: boolean({ default: true, label: 'hide diverged', folder: 'View', trigger: 'view', help: 'Hide diverged particles (else drawn red).' }),
  pointSize: number({
    default: 0.007, min: 0.002, max: 0.08, step: 0.001, label: 'point size', folder: 'View', trigger: 'view',
    help: 'Particle size, as a fraction of the view.',
  }),
  trailLength: number({
    default: 64, min: 2, max: 512, integer: true, label: 'trail length', folder: 'View', trigger: 'rebuild',
    help: 'Positions each trail keeps.',
  }),
  trailCount: number({
    default: 256, min: 0, max: 4096, integer: true, label: 'trails shown', folder: 'View', trigger: 'rebuild',
    help: 'Particles whose trails are drawn (0: none).',
  }),
  surfaceGrid: number({
    default: 256, min: 16, max: 1024, integer: true, presets: [64, 128, 256, 512, 1024], label: 'surface grid', folder: 'View', trigger: 'rebuild',
    help: 'Grid points per side of the drawn surface.',
  }),
  camera: choice({
    default: '3d', label: 'camera', folder: 'View', trigger: 'view', choices: { '3d': '3-D orbit', top: 'top-down 2-D' },
    help: 'Orbit camera or a top-down map.',
  }),
  classroom: boolean({
    default: false, label: 'classroom mode', folder: 'Scenes', trigger: 'view',
    help: 'For a projector: the panel hidden, large type, a high-contrast palette, captions on screen and the keys listed (c toggles).',
  }),
  autoRotate: boolean({ default: false, label: 'auto-rotate', folder: 'View', trigger: 'view', help: 'Turn the camera slowly.' }),

  // Experiments (read when one starts)
  experimentWidths: number({
    default: 5, min: 1, max: 16, integer: true, label: 'student widths', folder: 'Experiments', trigger: 'none',
    help: 'Overparameterization experiment: student widths n = k, k + 1, ... (this many), k the teacher width.',
  }),
  experimentSteps: number({
    default: 20_000, min: 10, max: 1_000_000, integer: true, label: 'steps per width', folder: 'Experiments', trigger: 'none',
    help: 'Overparameterization experiment: gradient-descent steps for every start.',
  }),
} satisfies Record<string, Row>;

/** The table: every setting's row, by key, in the panel's order (each optimizer's own hyperparameters after the step size). */
export const SCHEMA: Readonly<Record<string, Row>> = Object.fromEntries(
  Object.entries(ROWS).flatMap(([key, row]) => (key === 'lr' ? [[key, row], ...Object.entries(HYPERPARAMETER_ROWS)] : [[key, row]])),
);

type Rows = typeof ROWS;

/** Everything a user can set; the run's escapeLoss is derived (saddle loss - escapeMargin). */
export type ExplorerSettings = { -readonly [K in keyof Rows]: RowValue<Rows[K]> } & Omit<RunSettings, keyof Rows | 'escapeLoss'>;

export type SettingKey = keyof ExplorerSettings;
export type InitKind = ExplorerSettings['init'];
export type ColorBy = ExplorerSettings['colorBy'];
export type SliceCenter = ExplorerSettings['sliceCenter'];
export type SliceDirections = ExplorerSettings['sliceDirections'];
export type ParticleHeight = ExplorerSettings['particleHeight'];

export const DEFAULT_SETTINGS: Readonly<ExplorerSettings> = Object.freeze(
  Object.fromEntries(Object.entries(SCHEMA).map(([k, row]) => [k, row.default])) as ExplorerSettings,
);

export function rowOf(key: string): Row | undefined {
  return Object.hasOwn(SCHEMA, key) ? SCHEMA[key] : undefined;
}
