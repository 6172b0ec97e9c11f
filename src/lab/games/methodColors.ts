/** One colour per game method, the same in its panel, its readouts and its chart line. */
import type { GameMethod } from '../../games';

const COLORS: Readonly<Record<GameMethod, readonly [number, number, number]>> = {
  gda: [1.0, 0.42, 0.42],
  alternating: [1.0, 0.82, 0.4],
  extragradient: [0.02, 0.84, 0.63],
  optimistic: [0.3, 0.79, 0.94],
  momentum: [0.78, 0.49, 1.0],
  'alternating-momentum': [0.97, 0.35, 0.65],
  'optimistic-momentum': [0.75, 0.8, 0.86],
};

export const methodColor = (method: GameMethod): readonly [number, number, number] => COLORS[method];

export const cssColor = ([r, g, b]: readonly [number, number, number]): string =>
  `rgb(${Math.round(r * 255)}, ${Math.round(g * 255)}, ${Math.round(b * 255)})`;
