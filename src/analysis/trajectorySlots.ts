/**
 * Which slot of TrajectoryRecorder's store holds which record, and the limits it is made within.
 * Records are kept on a grid of steps (origin + k x interval) plus the latest, a "head" that each
 * record overwrites until it reaches the next grid step. When every slot holds a grid record the
 * store is thinned: every other record is kept (the first among them), the latest stays as the
 * head and the interval doubles, so the path from its first record to now always fits. Thinning
 * frees slots and moves nothing.
 */

/** Most particles one recorder follows. */
export const TRAJECTORY_MAX_PARTICLES = 16;
/** Most records per particle: the plane's eigenproblem is T x T on the CPU (T = 256: milliseconds). */
export const TRAJECTORY_MAX_CAPACITY = 256;
/** Most floats of records (capacity x particles x dim), 32 MiB; a plane's copy of one path adds at most as much again. */
export const TRAJECTORY_RECORD_BUDGET = 1 << 23;

export interface TrajectoryOptions {
  /** Particle indices to follow, at most TRAJECTORY_MAX_PARTICLES, each below the engine's count. */
  particles: number[];
  /** Records kept per particle: even, from 4 to TRAJECTORY_MAX_CAPACITY (default 256). */
  capacity?: number;
  /** Steps between kept records at first (default 1); each thinning doubles it. */
  every?: number;
  /** Seed of the direction chosen for a path with no spread along it (default 1). */
  seed?: number;
}

/** The options with their defaults, or a RangeError naming the limit they break. */
export function checkTrajectorySize(options: TrajectoryOptions, count: number, dim: number): Required<TrajectoryOptions> {
  const particles = options.particles;
  if (!Array.isArray(particles) || particles.length < 1 || particles.length > TRAJECTORY_MAX_PARTICLES) {
    throw new RangeError(`A trajectory recorder follows 1 to TRAJECTORY_MAX_PARTICLES = ${TRAJECTORY_MAX_PARTICLES} particles; got ${particles?.length}.`);
  }
  for (const p of particles) {
    if (!Number.isInteger(p) || p < 0 || p >= count) {
      throw new RangeError(`Particle ${p} does not exist: indices run from 0 to the particle count ${count} - 1.`);
    }
  }
  const capacity = options.capacity ?? TRAJECTORY_MAX_CAPACITY;
  if (!Number.isInteger(capacity) || capacity < 4 || capacity > TRAJECTORY_MAX_CAPACITY || capacity % 2) {
    throw new RangeError(`capacity = ${capacity} was refused: it must be an even whole number from 4 to TRAJECTORY_MAX_CAPACITY = ${TRAJECTORY_MAX_CAPACITY}.`);
  }
  const floats = capacity * particles.length * dim;
  if (floats > TRAJECTORY_RECORD_BUDGET) {
    throw new RangeError(
      `${capacity} records x ${particles.length} particles x D = ${dim} is ${floats.toLocaleString('en-US')} floats, past ` +
        `TRAJECTORY_RECORD_BUDGET = ${TRAJECTORY_RECORD_BUDGET.toLocaleString('en-US')} (32 MiB): follow fewer particles or keep fewer records.`,
    );
  }
  const every = options.every ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`every = ${every} was refused: it must be a whole number of steps >= 1.`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`seed = ${seed} was refused: it must be a whole number.`);
  return { particles: [...particles], capacity, every, seed };
}

export class RecordSlots {
  /** The slot of each record, oldest first. */
  order: number[] = [];
  /** The step of each record, oldest first. */
  steps: number[] = [];
  interval = 1;
  /** Records on the grid; a record past them is the head. */
  private committed = 0;
  private free: number[] = [];
  private origin = 0;
  private next = 0;

  constructor(
    readonly capacity: number,
    readonly every: number,
  ) {
    this.clear();
  }

  get count(): number {
    return this.order.length;
  }

  clear(): void {
    this.order = [];
    this.steps = [];
    this.committed = 0;
    this.interval = this.every;
    // Popped from the end: slots fill from 0 up.
    this.free = Array.from({ length: this.capacity }, (_, i) => this.capacity - 1 - i);
  }

  /** Books the record of `step` and returns the slot to write it to. */
  record(step: number): number {
    const last = this.steps.at(-1);
    if (!Number.isInteger(step) || step < 0 || (last !== undefined && step < last)) {
      throw new RangeError(
        `A record's step must be a whole number >= ${last ?? 0} (the last record's); got ${step}. clear() the recorder when the particles restart.`,
      );
    }
    // The same step again is the same record, refreshed.
    if (step === last) return this.order[this.order.length - 1];
    let slot: number;
    if (this.order.length > this.committed) {
      slot = this.order[this.order.length - 1];
      this.steps[this.steps.length - 1] = step;
    } else {
      slot = this.free.pop()!;
      this.order.push(slot);
      this.steps.push(step);
    }
    if (this.committed === 0 || step >= this.next) {
      if (this.committed === 0) this.origin = step;
      this.committed = this.order.length;
      if (this.committed === this.capacity) this.thin();
      this.next = this.origin + this.interval * (Math.floor((step - this.origin) / this.interval) + 1);
    }
    return slot;
  }

  /** Keeps records 0, 2, ..., C - 2 on the grid and record C - 1 as the head; frees the rest. */
  private thin(): void {
    const c = this.capacity;
    const keep = [...Array.from({ length: c / 2 }, (_, i) => 2 * i), c - 1];
    for (let i = c - 3; i >= 1; i -= 2) this.free.push(this.order[i]);
    this.order = keep.map((i) => this.order[i]);
    this.steps = keep.map((i) => this.steps[i]);
    this.committed = c / 2;
    this.interval *= 2;
  }
}
