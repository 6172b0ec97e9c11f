/**
 * The panel's Export folder: the summary series, the particles, the surface and the setup as
 * files to download, a setup file to import, and a link to the current setup. Everything goes
 * through the explorer's export API; a refusal or failure is shown as a notice.
 */
import type GUI from 'lil-gui';
import type { Controller } from 'lil-gui';
import type { Explorer } from '../explorer/Explorer';
import { notify } from './notice';

/** Hands a file to the browser's downloads through a temporary link. */
export function download(file: File): void {
  const url = URL.createObjectURL(file);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked a while later: some browsers read the file after click() returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Adds the closed 'Export' folder to `gui`; returns what removes it. */
export function addExportFolder(gui: GUI, explorer: Explorer): () => void {
  const folder = gui.addFolder('Export');
  folder.close();
  const button = (label: string, help: string, action: () => Promise<unknown> | unknown) => {
    const c: Controller = folder
      .add({ go: () => {
        c.name(`${label}: working…`).disable();
        Promise.resolve()
          .then(action)
          .catch((e: Error) => notify(e.message))
          .finally(() => c.name(label).enable());
      } }, 'go')
      .name(label);
    c.domElement.title = help;
  };
  const save = (make: () => File | Promise<File>) => async () => download(await make());

  button('loss series (CSV)', 'The summary of every frame since the run began: step, counts, loss mean/min/max, gradient norm. NaN is an empty cell.', save(() => explorer.exportSeries('csv')));
  button('loss series (JSON)', 'The same series as JSON records (NaN and Infinity as null), with the setup it comes from.', save(() => explorer.exportSeries('json')));
  button('particles (CSV)', 'Every particle now: index, coordinates x1..xD, loss, gradient norm, diverged, converged, age, escape age.', save(() => explorer.exportParticles('csv')));
  button('particles (JSON)', 'Every particle now as JSON objects (coordinates as an array).', save(() => explorer.exportParticles('json')));
  button('surface (glTF)', 'The surface as drawn, with the colour map as vertex colours, as a binary glTF (.glb) for Blender and other 3-D tools.', save(() => explorer.exportSurface()));
  button('setup (JSON)', 'Every setting and the link query, to import later or share.', save(() => explorer.exportSetup()));

  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.json,application/json';
  input.hidden = true;
  document.body.appendChild(input);
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    file
      .text()
      .then((text) => explorer.importSetup(text))
      .then(() => notify(`Setup imported from ${file.name}.`, 'info'))
      .catch((e: Error) => notify(e.message));
  });
  button('import setup…', 'Restores a setup saved with "setup (JSON)"; a file with a bad or unknown field is refused and nothing changes.', () => input.click());

  button('copy link to this setup', 'Copies a link that opens the explorer with the current settings.', async () => {
    const url = explorer.setupUrl();
    try {
      await navigator.clipboard.writeText(url);
      notify('Link to this setup copied.', 'info');
    } catch {
      // No clipboard (permission refused, an insecure page): the link is shown to copy by hand.
      notify(`Copy this link: ${url}`, 'info', true);
    }
  });

  return () => {
    input.remove();
    folder.destroy();
  };
}
