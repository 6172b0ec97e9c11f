/** The settings table and everything that reads it. */
export * from './schema';
export { applyPatch, changedKeys, settingsFrom, structuralParamsChanged } from './apply';
export { boxOf, landscapeFor, landscapeOf, paramsArray, resolve, runOf, saddleOf, type ResolvedSettings } from './resolve';
export { fromQuery, toQuery } from './url';
export { FOLDERS, checkValue, describe, type Folder, type Row, type Trigger } from './rows';
