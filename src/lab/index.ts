/**
 * Labs: full-page views of what is not a landscape to descend (min-max games, GANs), on the
 * explorer's GPU device, opened over the explorer (which pauses meanwhile) from the panel, a link
 * (?lab=<name>, with the lab's settings that differ from its defaults) or a script
 * (window.openLab(name)). Each lab registers itself here.
 */
import type { Explorer } from '../explorer/Explorer';
import { GameLab } from './games/GameLab';
import { GanLab } from './gan/GanLab';

export interface Lab {
  /** The lab's scripting API, exposed as window.lab while it is open. */
  readonly api: object;
  /** The settings that differ from the lab's defaults, as the page's link writes them (src/lab/labQuery.ts). */
  query(): Record<string, string>;
  /** Frees every GPU object the lab made and empties its root; the explorer's device stays. */
  destroy(): void;
}

export interface LabOptions {
  /** The link's settings for the lab (?lab=gan&gans=4&…): applied as it opens, each refused one named on a notice. */
  query?: URLSearchParams;
  /** Called after every change of the lab's settings, so the page's link follows. */
  changed(): void;
}

export interface LabEntry {
  /** As the panel lists it. */
  title: string;
  /** Builds the lab in `root` (an empty full-page element) on the explorer's device. */
  open(root: HTMLElement, explorer: Explorer, options: LabOptions): Promise<Lab>;
}

export const LABS: Record<string, LabEntry> = {
  games: { title: 'min-max games', open: (root, explorer, options) => GameLab.open(root, explorer, options) },
  gan: { title: 'GANs', open: (root, explorer, options) => GanLab.open(root, explorer, options) },
};
