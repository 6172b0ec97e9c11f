/** Optimizers, noise kinds and run settings: the registry and the rows every run is checked by. */
export * from './registry';
export * from './run';
export * from './sweep';
