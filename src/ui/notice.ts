/** One line at the top of the page for errors and notes, e.g. a rejected setting. */

let timer = 0;

export function notify(message: string, kind: 'error' | 'info' = 'error', sticky = false): void {
  const el = document.getElementById('notice');
  if (!el) return;
  el.textContent = message;
  el.className = kind;
  el.hidden = false;
  const close = document.createElement('button');
  close.textContent = 'OK';
  close.onclick = () => (el.hidden = true);
  el.appendChild(close);
  clearTimeout(timer);
  if (!sticky) timer = window.setTimeout(() => (el.hidden = true), kind === 'error' ? 9000 : 5000);
}
