/**
 * A slider that moves in log10 of a value whose box shows and takes the value itself: typing
 * 0.01 sets 0.01, never 10^0.01. lil-gui's number controller slides linearly, so it slides the
 * exponent here while its text box is swapped for one that speaks in values.
 */
import type GUI from 'lil-gui';
import type { Controller } from 'lil-gui';
import type { ExplorerSettings } from '../settings';
import type { NumberRow } from '../settings/rows';
import { notify } from './notice';

/** A value as the box shows it: four significant digits, no trailing zeros, exponent when tiny. */
export function formatValue(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** Rounds a slid value to three significant digits, so a slid step size reads 0.00251, not 0.0025118864. */
const rounded = (v: number) => Number(v.toPrecision(3));

export function logControl(
  folder: GUI,
  model: Record<string, unknown>,
  key: string,
  row: NumberRow,
  apply: (value: number) => void,
  refreshers: ((s: ExplorerSettings) => void)[],
): Controller {
  const lo = Math.log10(row.min);
  const hi = Math.log10(row.max);
  const proxy = { exponent: Math.log10(model[key] as number) };
  const c = folder.add(proxy, 'exponent', lo, hi, (hi - lo) / 1000);
  const slider = c as Controller & { $input: HTMLInputElement; $disable: HTMLElement };
  // A fresh box without lil-gui's listeners, which would read the typed text as an exponent.
  const box = document.createElement('input');
  box.type = 'text';
  box.setAttribute('inputmode', 'decimal');
  box.setAttribute('aria-label', row.label);
  slider.$input.replaceWith(box);
  slider.$input = box;
  slider.$disable = box;
  let typing = false;
  const show = (v: number) => {
    if (!typing) box.value = formatValue(v);
  };
  const base = c.updateDisplay.bind(c);
  c.updateDisplay = () => {
    base();
    show(model[key] as number);
    return c;
  };
  c.onChange((e: number) => show(rounded(10 ** e)));
  c.onFinishChange((e: number) => apply(rounded(10 ** e)));
  box.addEventListener('focus', () => (typing = true));
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') box.blur();
    if (e.key === 'Escape') {
      box.value = formatValue(model[key] as number);
      box.blur();
    }
  });
  box.addEventListener('blur', () => {
    typing = false;
    const text = box.value.trim();
    const v = Number(text);
    // An unchanged or empty box changes nothing; anything else goes to set(), which refuses what is out of range.
    if (text === '' || text === formatValue(model[key] as number)) return show(model[key] as number);
    if (!Number.isFinite(v)) {
      notify(`${row.label}: "${text.slice(0, 40)}" is not a number.`);
      return show(model[key] as number);
    }
    apply(v);
  });
  refreshers.push((s) => {
    proxy.exponent = Math.log10(s[key as keyof ExplorerSettings] as number);
  });
  return c;
}
