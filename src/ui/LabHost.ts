/**
 * Opens and closes the labs (src/lab) over the explorer: the explorer pauses while a lab is open
 * and plays again as it was when the lab closes; one lab at a time; a bar at the top names the lab
 * and leads back. The panel lists the labs as buttons.
 */
import type GUI from 'lil-gui';
import type { Explorer } from '../explorer/Explorer';
import { LABS, type Lab } from '../lab';
import { notify } from './notice';

export class LabHost {
  private lab: Lab | null = null;
  private wasPlaying = false;
  /** Esc leads back to the explorer while a lab is open. */
  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !(e.target as HTMLElement).closest('input, select, textarea')) this.close();
  };
  private readonly body: HTMLElement;
  private readonly title: HTMLElement;

  constructor(private readonly root: HTMLElement, private readonly explorer: Explorer, private readonly onChange: (name: string | null) => void) {
    const bar = document.createElement('div');
    bar.className = 'lab-bar';
    this.title = document.createElement('h1');
    const back = document.createElement('button');
    back.textContent = '× back to the explorer';
    back.title = 'Esc';
    back.onclick = () => this.close();
    bar.append(this.title, back);
    this.body = document.createElement('div');
    this.body.className = 'lab-body';
    root.replaceChildren(bar, this.body);
  }

  /**
   * Opens lab `name` (closing one already open) with the link's settings `query`, if any; rejects
   * naming the labs for an unknown name.
   */
  async open(name: string, query?: URLSearchParams): Promise<object> {
    const entry = LABS[name];
    if (!entry) throw new RangeError(`No lab "${name}". The labs are: ${Object.keys(LABS).join(', ') || 'none'}.`);
    this.close();
    this.wasPlaying = this.explorer.get().playing;
    this.explorer.pause();
    this.explorer.covered = true;
    window.addEventListener('keydown', this.onKey);
    this.title.textContent = entry.title;
    this.root.hidden = false;
    // The explorer's panel would lie over the lab (its own controls are in the lab).
    document.body.classList.add('lab-open');
    try {
      this.lab = await entry.open(this.body, this.explorer, { query, changed: () => this.lab && this.onChange(name) });
    } catch (e) {
      this.close();
      throw e;
    }
    window.lab = this.lab.api;
    this.onChange(name);
    return this.lab.api;
  }

  /** The open lab's settings that differ from its defaults, for the page's link ({} with none open). */
  query(): Record<string, string> {
    return this.lab?.query() ?? {};
  }

  close(): void {
    const wasOpen = this.lab !== null || !this.root.hidden;
    this.lab?.destroy();
    this.lab = null;
    window.lab = undefined;
    this.body.replaceChildren();
    this.root.hidden = true;
    document.body.classList.remove('lab-open');
    window.removeEventListener('keydown', this.onKey);
    this.explorer.covered = false;
    if (wasOpen) {
      if (this.wasPlaying) this.explorer.play();
      this.onChange(null);
    }
  }

  /** A button per lab in `folder`; returns the function that removes them. */
  addButtons(folder: GUI): () => void {
    const controllers = Object.entries(LABS).map(([name, entry]) =>
      folder.add({ open: () => this.open(name).catch((e: Error) => notify(e.message)) }, 'open').name(`open the ${entry.title} lab`),
    );
    return () => controllers.forEach((c) => c.destroy());
  }

  destroy(): void {
    this.close();
  }
}
