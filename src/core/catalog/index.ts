export {
  AVAILABILITY_MAX_AGE_MS,
  type AvailabilityDependencies,
  isStale,
  offeredModels,
  offersFromAvailability,
  refreshModelAvailability,
} from './availability.js';
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
export {
  activeOffered,
  catalogOffer,
  catalogOffers,
  chooseOffered,
  customizationUnavailableMessage,
  defaultOffered,
  describeOffered,
  LIMITS_UNKNOWN_NOTE,
  lifecycleNotice,
  type ModelChoice,
  type ModelOffer,
  type ModelOffers,
  type OfferedModel,
  offerFromListing,
  type WithheldModel,
} from './live.js';
export { DEFAULT_PREFERENCE, SOURCES } from './models.js';
export {
  PRICES_MAX_AGE_MS,
  type PriceCacheDependencies,
  type PriceRefresh,
  readPriceList,
  refreshPrices,
} from './price-cache.js';
export { type PriceBookReading, priceBookFromEntries, priceCount } from './price-list.js';
export {
  describePrice,
  describePriceChange,
  describePriceSource,
  effectivePrices,
  formatUnitPrice,
  lookupPrice,
  PRICE_KIND_LABELS,
  type PriceChange,
  type PriceLookup,
  priceChanges,
  priceLookup,
  withPrices,
} from './prices.js';
export { type CatalogDifference, type Reconciliation, reconcileCatalog } from './reconcile.js';
export * from './types.js';
