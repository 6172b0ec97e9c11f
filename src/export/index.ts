/** Files out of the explorer (the summary series, particles, the surface, the setup) and setups back in. */
export { SummaryHistory, RECORD_FIELDS, type SummaryRecord } from './SummaryHistory';
export { checkTableFormat, seriesFile, seriesCsv, seriesJson, type RunDescription, type TableFormat } from './seriesExport';
export { checkParticleExportSize, MAX_EXPORTED_NUMBERS, particlesFile } from './particleExport';
export { readSurfaceHeights, surfaceFile } from './surfaceExport';
export { importPatch, parseSetup, setupFile, setupOf, setupUrlOf, withTargetParams, SETUP_FORMAT, SETUP_VERSION } from './setup';
