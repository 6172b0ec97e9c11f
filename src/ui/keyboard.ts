/**
 * Keys for the classroom: space play/pause, s step, r reset, c classroom mode, h the panel, and
 * in a scene ← → for the previous and next step, Esc to leave it. While a lab covers the explorer
 * only c and h act here (the lab's bar binds Esc): the others would drive the hidden explorer.
 */
import type { Explorer } from '../explorer/Explorer';
import type { ScenePlayer } from '../scenes/ScenePlayer';
import { notify } from './notice';

/** Returns the function that unbinds the keys (the explorer is replaced after a lost GPU device). */
export function bindKeyboard(explorer: Explorer, scenes?: ScenePlayer): () => void {
  const report = (p: Promise<unknown>) => p.catch((e: Error) => notify(e.message));
  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest('input, select, textarea') || e.ctrlKey || e.metaKey || e.altKey) return;
    if (explorer.covered && e.key !== 'c' && e.key !== 'h') return;
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
        document.body.classList.toggle('panel-hidden');
        break;
      case 'c':
        report(explorer.set({ classroom: !explorer.get().classroom }));
        break;
      case 'ArrowRight':
      case 'PageDown':
        if (scenes?.current) {
          e.preventDefault();
          report(scenes.next());
        }
        break;
      case 'ArrowLeft':
      case 'PageUp':
        if (scenes?.current) {
          e.preventDefault();
          report(scenes.previous());
        }
        break;
      case 'Escape':
        scenes?.close();
        break;
    }
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
