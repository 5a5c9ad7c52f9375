export {
  type ConversionIssueCode,
  type ConversionSummary,
  type ConvertOptions,
  convertDataset,
  detectInputKind,
  INPUT_KINDS,
  type InputKind,
} from './convert/convert.js';
export { SourceLines } from './convert/source-lines.js';
export { type CostEstimate, estimateTrainingCost } from './cost.js';
export { classifyRecord, FORMAT_LABELS } from './formats.js';
export { ERROR_CODES, type ErrorCode, type Issue, WARNING_CODES, type WarningCode } from './issues.js';
export {
  type AppliedLimits,
  type DatasetRole,
  formatBytes,
  formatCount,
  type TokenSummary,
  type ValidateOptions,
  type ValidationProgress,
  type ValidationReport,
  validateDataset,
} from './validate.js';
