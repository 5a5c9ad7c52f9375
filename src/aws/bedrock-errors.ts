/**
 * Bedrock failures (control plane and runtime) as core errors, keeping Bedrock's own message so a
 * person reads what AWS said. Exceptions are recognised by name rather than by class because the
 * two SDK packages each define their own classes for the same exception names.
 */
import {
  AccessDeniedError,
  ConflictError,
  InputError,
  NotFoundError,
  QuotaExceededError,
  ThrottledError,
  type TuneError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from '../core/errors.js';
import { sdkErrorInfo } from './sdk-error.js';

// Request fields a person chooses (names, hyperparameters): a constraint on one of these is the
// person's input to fix, not a fault in tune.
const PERSON_FIELDS = [
  'jobName',
  'customModelName',
  'provisionedModelName',
  'modelDeploymentName',
  'hyperParameters',
];

const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'ExpiredTokenException',
  'InvalidSignatureException',
]);
const UNAVAILABLE = new Set([
  'InternalServerException',
  'ServiceUnavailableException',
  'ModelNotReadyException',
  'ModelTimeoutException',
  'ModelErrorException',
  'TimeoutError',
  'RequestTimeout',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** `doing` names the call for errors that carry no message of Bedrock's (network failures). */
export function translateBedrockError(error: unknown, doing: string): TuneError {
  const { name, message, code, fault, status } = sdkErrorInfo(error);
  const options = { cause: error };
  switch (name) {
    case 'ValidationException':
      return validationError(message, options);
    case 'ServiceQuotaExceededException':
      return new QuotaExceededError(message, options);
    case 'ResourceNotFoundException':
      return new NotFoundError(message, options);
    case 'ConflictException':
    case 'ResourceInUseException':
      return new ConflictError(message, options);
    case 'ThrottlingException':
      return new ThrottledError(message, options);
    case 'TooManyTagsException':
      return new UpstreamRejectedError(message, options);
  }
  if (ACCESS_DENIED.has(name)) return new AccessDeniedError(message, options);
  if (UNAVAILABLE.has(name) || fault === 'server' || (status !== undefined && status >= 500)) {
    return new UpstreamUnavailableError(message, options);
  }
  if ((code && NETWORK_CODES.has(code)) || status === undefined) {
    return new UpstreamUnavailableError(`Bedrock could not be reached while ${doing}: ${message}`, options);
  }
  return new UpstreamRejectedError(message, options);
}

function validationError(message: string, options: { cause: unknown }): TuneError {
  // AWS's constraint wording: "Value 'x' at 'jobName' failed to satisfy constraint: ...".
  const constrained = /at '([A-Za-z.0-9]+)' failed to satisfy constraint/.exec(message)?.[1];
  const field = constrained?.split('.')[0];
  if (field && PERSON_FIELDS.includes(field)) return new InputError(message, { ...options, field });
  if (/hyperparameter/i.test(message))
    return new InputError(message, { ...options, field: 'hyperParameters' });
  return new UpstreamRejectedError(message, options);
}
