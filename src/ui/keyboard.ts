/** Keys for the classroom: space play/pause, s step, r reset, h hide the panel. */
import type { Explorer } from '../explorer/Explorer';

/** Returns the function that unbinds the keys (the explorer is replaced after a lost GPU device). */
export function bindKeyboard(explorer: Explorer): () => void {
  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest('input, select, textarea') || e.ctrlKey || e.metaKey || e.altKey) return;
    switch (e.key) {
      case ' ':
        e.preventDefault();
        if (explorer.get().playing) explorer.pause();
        else explorer.play();
        break;
      case 's':
        explorer.stepOnce();
        break;
      case 'r':
        explorer.reset();
        break;
      case 'h':
        document.body.classList.toggle('classroom');
        break;
    }
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
