export {
  type AppliedTokenLimit,
  budgetTotal,
  CUSTOMIZATION_TYPE_NAMES,
  checkHyperParameters,
  customizationTypeLabel,
  defaultEpochs,
  findModel,
  type HyperParameterProblem,
  type HyperParameterProblemCode,
  hyperParameterDefaults,
  largestDatasetBytes,
  listCatalog,
  modelsFor,
  requireModel,
  requireSpec,
  tokenLimitFor,
} from './catalog.js';
export { SOURCES } from './models.js';
export { type CatalogDifference, type Reconciliation, reconcileCatalog } from './reconcile.js';
export * from './types.js';
