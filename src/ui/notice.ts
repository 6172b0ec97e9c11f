/**
 * Messages at the top of the page: errors (a refused setting, a dropped link value, a lost GPU)
 * and notes. Messages stack, so a note never hides an error that is still to be read; sticky
 * ones stay until dismissed, the others fade. Text only: nothing shown here is read as HTML.
 */

const DURATION = { error: 9000, info: 5000 };

export function notify(message: string, kind: 'error' | 'info' = 'error', sticky = false): void {
  const el = document.getElementById('notice');
  if (!el) return;
  // The same message again (a slider dragged twice past its range) is shown once.
  for (const old of el.querySelectorAll<HTMLElement>('.message')) if (old.dataset.text === message) old.remove();
  const entry = document.createElement('div');
  entry.className = `message ${kind}`;
  entry.dataset.text = message;
  entry.textContent = message;
  const close = document.createElement('button');
  close.textContent = 'OK';
  close.onclick = () => remove(el, entry);
  entry.appendChild(close);
  el.appendChild(entry);
  el.className = el.querySelector('.message.error') ? 'error' : 'info';
  el.hidden = false;
  if (!sticky) window.setTimeout(() => remove(el, entry), DURATION[kind]);
}

function remove(el: HTMLElement, entry: HTMLElement): void {
  entry.remove();
  el.hidden = !el.querySelector('.message');
  el.className = el.querySelector('.message.error') ? 'error' : 'info';
}
