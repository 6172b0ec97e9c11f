/**
 * Rows for the optimizers' own hyperparameters, made from their definitions in the optimizer
 * registry: a new optimizer's hyperparameters reach the panel, links and validation with no
 * line here. The panel shows each only while the chosen optimizer uses it.
 */
import { number, type NumberRow } from './rows';

interface HyperparameterDefinition {
  key: string;
  label: string;
  default: number;
  min: number;
  max: number;
  maxExclusive?: boolean;
  log?: boolean;
  integer?: boolean;
  unit?: string;
  help?: string;
}

// Placeholder until the registry exports its definitions.
const OPTIMIZER_HYPERPARAMETERS: Record<string, HyperparameterDefinition[]> = {
  momentum: [{ key: 'momentum', label: 'momentum', default: 0.9, min: 0, max: 1, maxExclusive: true }],
  nesterov: [{ key: 'momentum', label: 'momentum', default: 0.9, min: 0, max: 1, maxExclusive: true }],
  adam: [
    { key: 'beta1', label: 'Adam β₁', default: 0.9, min: 0, max: 1, maxExclusive: true },
    { key: 'beta2', label: 'Adam β₂', default: 0.999, min: 0, max: 1, maxExclusive: true },
    { key: 'eps', label: 'ε', default: 1e-8, min: 1e-12, max: 1, log: true },
  ],
  rmsprop: [
    { key: 'rho', label: 'RMSProp ρ', default: 0.9, min: 0, max: 1, maxExclusive: true },
    { key: 'eps', label: 'ε', default: 1e-8, min: 1e-12, max: 1, log: true },
  ],
  adagrad: [{ key: 'eps', label: 'ε', default: 1e-8, min: 1e-12, max: 1, log: true }],
};

function rowOf(def: HyperparameterDefinition, usedBy: string[]): NumberRow {
  const users = usedBy.join(', ');
  return number({
    default: def.default,
    min: def.min,
    max: def.max,
    maxOpen: def.maxExclusive,
    integer: def.integer,
    log: def.log,
    step: def.log || def.integer ? undefined : 10 ** Math.floor(Math.log10((def.max - def.min) / 1000)),
    unit: def.unit,
    label: def.label,
    folder: 'Optimizer',
    trigger: 'run',
    help: def.help ?? `${def.label} (${users}).`,
    shownWhen: (s) => usedBy.includes(s.optimizer as string),
  });
}

/** One row per hyperparameter key, in the registry's order of first use. */
export function hyperparameterRows(): Record<string, NumberRow> {
  const defs = new Map<string, { def: HyperparameterDefinition; usedBy: string[] }>();
  for (const [optimizer, list] of Object.entries(OPTIMIZER_HYPERPARAMETERS)) {
    for (const def of list) {
      const entry = defs.get(def.key) ?? { def, usedBy: [] };
      entry.usedBy.push(optimizer);
      defs.set(def.key, entry);
    }
  }
  return Object.fromEntries([...defs].map(([key, { def, usedBy }]) => [key, rowOf(def, usedBy)]));
}
