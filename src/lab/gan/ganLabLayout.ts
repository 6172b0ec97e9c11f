/**
 * The GAN lab's page: settings on the left, the focused GAN large in the middle with its losses
 * under it, the small multiples on the right with the coverage readout and the birthday test.
 * Large type for projectors; the explorer's colours; larger still in classroom mode.
 */

const STYLE = `
.gan-lab { position: absolute; inset: 0; display: grid; grid-template-columns: 300px minmax(320px, 1fr) minmax(320px, 1fr); gap: 14px; padding: 10px 14px; color: var(--text); font-size: 16px; overflow: auto; }
.gan-lab h2 { font-size: 18px; margin: 4px 0 6px; font-weight: 650; }
.gan-lab .gan-col { display: flex; flex-direction: column; gap: 8px; min-width: 0; }
/* lil-gui sets its sizes on every folder, so they are set on every folder here too, not on the root alone. */
.gan-lab .gan-panel .lil-gui.lil-root { position: static; --width: 100%; max-height: none; }
.gan-lab .gan-panel .lil-gui { --font-size: 15px; --input-font-size: 15px; --widget-height: 26px; --name-width: 55%; }
.gan-lab .gan-square { position: relative; width: 100%; aspect-ratio: 1; max-height: 62vh; max-width: 62vh; }
.gan-lab canvas { position: absolute; inset: 0; width: 100%; height: 100%; border-radius: 6px; }
.gan-lab .gan-cells { position: absolute; inset: 0; display: grid; pointer-events: auto; }
.gan-lab .gan-cell { border: 1px solid rgba(255,255,255,0.12); font-size: 13px; color: var(--muted); padding: 2px 4px; cursor: pointer; }
.gan-lab .gan-cell.collapsed { border-color: var(--error); color: var(--error); }
.gan-lab .gan-cell.blurred { border: 1px dashed #79c0ff; color: #79c0ff; }
.gan-lab .gan-cell.partial { border-color: var(--warn); color: var(--warn); }
.gan-lab .gan-cell.all { border-color: #7ee787; color: #7ee787; }
.gan-lab .gan-cell.focus { outline: 2px solid var(--accent); outline-offset: -2px; }
.gan-lab .gan-legend .swatch { font-weight: 650; }
.gan-lab .gan-legend, .gan-lab .gan-note { color: var(--muted); font-size: 14px; line-height: 1.35; margin: 0; }
.gan-lab .gan-summary p { margin: 2px 0; font-size: 15px; }
.gan-lab .gan-status { font-size: 17px; }
.gan-lab .gan-birthday-buttons { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.gan-lab button.gan-button { color: var(--accent); background: var(--panel); border: 1px solid var(--accent); border-radius: 5px; padding: 4px 10px; font-size: 15px; cursor: pointer; }
.gan-lab input.gan-threshold { width: 80px; font-size: 15px; background: var(--panel); color: var(--text); border: 1px solid var(--muted); }
.gan-lab table { border-collapse: collapse; font-size: 14px; }
.gan-lab td, .gan-lab th { padding: 2px 8px; text-align: right; border-bottom: 1px solid rgba(255,255,255,0.1); }
.gan-lab td:first-child, .gan-lab th:first-child { text-align: left; }
body.classroom .gan-lab { font-size: 20px; }
body.classroom #lab-root .gan-lab .lil-gui.lil-root { display: block; }
body.classroom #lab-root .gan-lab .lil-gui { --font-size: 18px; --input-font-size: 18px; --widget-height: 30px; }
body.classroom .gan-lab h2 { font-size: 24px; }
body.classroom .gan-lab .gan-cell { font-size: 17px; color: #fff; }
body.classroom .gan-lab .gan-legend, body.classroom .gan-lab .gan-note, body.classroom .gan-lab table { font-size: 18px; color: #fff; }
body.classroom .gan-lab .gan-summary p { font-size: 19px; }
`;

export interface GanLabElements {
  panel: HTMLElement;
  status: HTMLElement;
  focusCanvas: HTMLCanvasElement;
  lossChart: HTMLElement;
  gridCanvas: HTMLCanvasElement;
  cells: HTMLElement;
  summary: HTMLElement;
  birthdayButtons: HTMLElement;
  threshold: HTMLInputElement;
  birthdayChart: HTMLElement;
  birthdayTable: HTMLElement;
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
};

export function buildLayout(root: HTMLElement): GanLabElements {
  if (!document.getElementById('gan-lab-style')) document.head.append(Object.assign(el('style'), { id: 'gan-lab-style', textContent: STYLE }));
  const page = el('div', 'gan-lab');
  const left = el('div', 'gan-col gan-panel');
  const panel = el('div');
  const status = el('div', 'gan-status');
  left.append(status, panel);

  const middle = el('div', 'gan-col');
  const focusSquare = el('div', 'gan-square');
  const focusCanvas = el('canvas');
  focusCanvas.dataset.view = 'focus';
  focusSquare.append(focusCanvas);
  const lossChart = el('div');
  middle.append(
    el('h2', '', 'The focused GAN'),
    focusSquare,
    el('p', 'gan-legend', 'Blue dots: the generator’s samples. Grey: real samples; white discs: the modes. Background: the discriminator D(x), amber where it says “real”, blue where “fake”.'),
    lossChart,
  );

  const right = el('div', 'gan-col');
  const gridSquare = el('div', 'gan-square');
  const gridCanvas = el('canvas');
  gridCanvas.dataset.view = 'grid';
  const cells = el('div', 'gan-cells');
  gridSquare.append(gridCanvas, cells);
  const summary = el('div', 'gan-summary');
  const birthdayButtons = el('div', 'gan-birthday-buttons');
  const threshold = Object.assign(el('input', 'gan-threshold'), { type: 'number', step: 'any', min: '0' });
  const birthdayChart = el('div');
  const birthdayTable = el('div');
  right.append(
    el('h2', '', 'All GANs (click one to focus it)'),
    gridSquare,
    cellLegend(),
    summary,
    el('h2', '', 'Birthday test: how many distinct samples?'),
    el('p', 'gan-note', 'Batches of s samples; a batch has a “duplicate” when two of its samples lie closer than the threshold. ' +
      'If half the batches of size s½ hold one, the distribution has about N points (exact birthday formula; the rule of thumb says s½²). ' +
      'A threshold the size of a mode (radius/4) counts each mode as one point: the real data give ≈ the number of modes. ' +
      'A threshold near σ counts finer: real data look large, a collapsed generator small.'),
    birthdayButtons,
    birthdayChart,
    birthdayTable,
  );
  birthdayButtons.append(el('span', '', 'threshold'), threshold);
  page.append(left, middle, right);
  root.replaceChildren(page);
  return { panel, status, focusCanvas, lossChart, gridCanvas, cells, summary, birthdayButtons, threshold, birthdayChart, birthdayTable };
}

/** What a cell's label and colour mean (coverageReadout's classes), in the cells' own colours. */
function cellLegend(): HTMLElement {
  const legend = el('p', 'gan-legend', 'Cells: modes covered/modes (modes reached). ');
  const swatch = (colour: string, name: string, text: string): void => {
    const s = el('span', 'swatch', name);
    s.style.color = colour;
    legend.append(s, text);
  };
  swatch('var(--error)', 'red', ' collapsed: covers and reaches at most half the modes; ');
  swatch('#79c0ff', 'dashed blue', ' blurred: covers at most half (counted collapsed) but reaches more, spread over the modes, not yet sharp; ');
  swatch('var(--warn)', 'amber', ' covers more than half; ');
  swatch('#7ee787', 'green', ' every mode.');
  return legend;
}

export function button(parent: HTMLElement, label: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', 'gan-button', label);
  b.onclick = onClick;
  parent.append(b);
  return b;
}
