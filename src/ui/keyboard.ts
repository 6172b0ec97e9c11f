/** Keys for the classroom: space play/pause, s step, r reset, h hide the panel. */
import type { Explorer } from '../explorer/Explorer';

export function bindKeyboard(explorer: Explorer): void {
  window.addEventListener('keydown', (e) => {
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
  });
}
