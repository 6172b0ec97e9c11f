/**
 * Labs: full-page views of what is not a landscape to descend (min-max games, GANs), on the
 * explorer's GPU device, opened over the explorer (which pauses meanwhile) from the panel, a link
 * (?lab=<name>) or a script (window.openLab(name)). Each lab registers itself here.
 */
import type { Explorer } from '../explorer/Explorer';
import { GameLab } from './games/GameLab';
import { GanLab } from './gan/GanLab';

export interface Lab {
  /** The lab's scripting API, exposed as window.lab while it is open. */
  readonly api: object;
  /** Frees every GPU object the lab made and empties its root; the explorer's device stays. */
  destroy(): void;
}

export interface LabEntry {
  /** As the panel lists it. */
  title: string;
  /** Builds the lab in `root` (an empty full-page element) on the explorer's device. */
  open(root: HTMLElement, explorer: Explorer): Promise<Lab>;
}

export const LABS: Record<string, LabEntry> = {
  games: { title: 'min-max games', open: (root, explorer) => GameLab.open(root, explorer) },
  gan: { title: 'GANs', open: (root, explorer) => GanLab.open(root, explorer) },
};
