/**
 * Min-max games as particles, for scripts: games f(x, y) with x minimising and y maximising, game
 * methods (GDA, alternating, extragradient, optimistic, momentum), the GPU simulation and its
 * float64 twin, closed-form per-step factors on the bilinear game, and distance-over-steps
 * series per method.
 */
export {
  GAMES, GAME_IDS, MAX_GAME_DIM, MAX_GAME_SCALE, resolveGame, gameMatrix, gameValue, gameGradient, distanceToEquilibrium,
  FORSAKEN_STATIONARY, ALMOST_BILINEAR_STATIONARY,
  type Game, type GameId, type GameSpec, type MatrixKind,
} from './catalog';
export {
  GAME_METHODS, METHOD_LABELS, DEFAULT_GAME_HYPERPARAMETERS, MAX_GAME_STEP, MAX_GAME_BOUND, resolveHyperparameters,
  type GameMethod, type GameHyperparameters,
} from './methods';
export { resolveStart, MAX_START_SIGMA, MAX_GAME_PARTICLES, type GameStart } from './start';
export { GameSimulation, type GameSimulationSpec, type GameReadouts, type GamePositions } from './GameSimulation';
export { DistanceHistory } from './DistanceHistory';
export {
  startParticle, stepParticle, runParticle, restartMethodState, referenceParticles, particleReadout, type ReferenceParticle,
} from './gameReference';
export { perStepFactor, characteristicPolynomial, spectralRadius, alternatingInvariant, type FactorSettings } from './closedForm';
export {
  summarizeDistances, quantile, DEFAULT_LEVELS, MAX_RECORDS, type DistanceSummary, type MethodSeries, type MethodComparison, type ComparisonOptions,
} from './distanceSummary';
export { compareMethods, compareMethodsOnGpu } from './compareMethods';
export { compareMethodsReference } from './compareMethodsReference';
