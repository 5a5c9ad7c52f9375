/** DynamoDB failures as core errors: throttling and 5xx may pass, the rest will not. */
import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import {
  JobStateConflictError,
  NotFoundError,
  ThrottledError,
  type TuneError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from '../core/errors.js';
import { sdkErrorInfo } from './sdk-error.js';

export function translateDynamoError(error: unknown, doing: string): TuneError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ConditionalCheckFailedException) {
    return new JobStateConflictError(`DynamoDB refused ${doing}: the item changed meanwhile.`, {
      cause: error,
    });
  }
  if (error instanceof ProvisionedThroughputExceededException || error instanceof RequestLimitExceeded) {
    return new ThrottledError(`DynamoDB throttled ${doing}: ${message}`, { cause: error });
  }
  if (error instanceof ResourceNotFoundException) {
    return new NotFoundError(`DynamoDB table not found while ${doing}: check TUNE_TABLE_NAME. ${message}`, {
      cause: error,
    });
  }
  const { status } = sdkErrorInfo(error);
  if (status === undefined || status >= 500) {
    return new UpstreamUnavailableError(`DynamoDB failed while ${doing}: ${message}`, { cause: error });
  }
  return new UpstreamRejectedError(`DynamoDB rejected ${doing}: ${message}`, { cause: error });
}
