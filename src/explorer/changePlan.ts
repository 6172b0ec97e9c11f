/**
 * What a settings change sets off, decided from the settings alone: each changed row's trigger
 * (src/settings/schema.ts), a rebuild for parameters that resize the landscape, and whether the
 * slice must be recomputed from the particles or only moved. Explorer.set() carries it out.
 */
import { changedKeys, structuralParamsChanged, SCHEMA, type ExplorerSettings, type Trigger } from '../settings';
import { sliceNeeds } from './slice';

export interface ChangePlan {
  /** The settings that differ (none: nothing to do). */
  keys: (keyof ExplorerSettings)[];
  triggers: ReadonlySet<Trigger>;
  /** The plane is made from the particles (best, mean, directions) and what it is made from changed. */
  recomputeSlice: boolean;
  /** Otherwise the plane only moves to where the settings now put it. */
  movePlane: boolean;
  /** The view's settings must be applied again. */
  updateView: boolean;
}

export function planChange(prev: ExplorerSettings, next: ExplorerSettings): ChangePlan {
  const keys = changedKeys(prev, next);
  const changed = (...k: (keyof ExplorerSettings)[]) => k.some((key) => keys.includes(key));
  const triggers = new Set<Trigger>(keys.map((k) => SCHEMA[k].trigger));
  if (changed('params') && structuralParamsChanged(prev, next)) triggers.add('rebuild');
  const needs = sliceNeeds(next);
  const recomputeSlice =
    !triggers.has('rebuild') &&
    (needs.best || needs.mean || needs.directions) &&
    (changed('sliceCenter', 'sliceDirections') ||
      (next.sliceDirections === 'hessian' && changed('params')) ||
      (next.sliceDirections === 'filter' && changed('sliceSeed')) ||
      (next.sliceDirections === 'trajectory' && changed('slicePath')) ||
      (next.sliceDirections === 'points' && changed('pointA', 'pointB', 'pointC')));
  return {
    keys,
    triggers,
    recomputeSlice,
    movePlane: !triggers.has('rebuild') && !recomputeSlice && (triggers.has('slice') || triggers.has('params')),
    updateView: ['rebuild', 'params', 'slice', 'view'].some((t) => triggers.has(t as Trigger)),
  };
}
