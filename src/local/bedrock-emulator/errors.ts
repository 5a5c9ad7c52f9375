/**
 * Errors the emulator answers with, shaped as Bedrock's REST-JSON errors: the HTTP status of the
 * exception, an `x-amzn-errortype` header, and a JSON body `{ message }` (the SDK reads the header
 * first, then `code`, then `__type`; we send the header and `__type`).
 */
export type BedrockErrorType =
  | 'AccessDeniedException'
  | 'ConflictException'
  | 'InternalServerException'
  | 'ResourceInUseException'
  | 'ResourceNotFoundException'
  | 'ServiceQuotaExceededException'
  | 'ServiceUnavailableException'
  | 'ThrottlingException'
  | 'TooManyTagsException'
  | 'ValidationException'
  | 'ModelNotReadyException'
  | 'UnknownOperationException';

// The statuses declared for each exception in the SDK's schemas (client-bedrock and
// client-bedrock-runtime `schemas_0.js`); the SDK's retry logic keys on them.
const STATUS: Record<BedrockErrorType, number> = {
  AccessDeniedException: 403,
  ConflictException: 400,
  InternalServerException: 500,
  ResourceInUseException: 400,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 400,
  ServiceUnavailableException: 503,
  ThrottlingException: 429,
  TooManyTagsException: 400,
  ValidationException: 400,
  ModelNotReadyException: 429,
  UnknownOperationException: 404,
};

export class BedrockEmulatorError extends Error {
  readonly type: BedrockErrorType;
  readonly status: number;

  constructor(type: BedrockErrorType, message: string) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = STATUS[type];
  }
}

export const validation = (message: string) => new BedrockEmulatorError('ValidationException', message);
export const notFound = (message: string) => new BedrockEmulatorError('ResourceNotFoundException', message);
export const conflict = (message: string) => new BedrockEmulatorError('ConflictException', message);

/**
 * Bedrock's answer to a request for a model past its end of life, word for word as InvokeModel and
 * Converse return it (aws-samples/amazon-bedrock-ai-karaoke#21, aws-solutions-library-samples/
 * accelerated-intelligent-document-processing-on-aws#708). The control plane's wording for the same
 * case could not be found; the emulator uses this one there too (docs/bedrock-emulator-world.md).
 */
export const END_OF_LIFE_MESSAGE =
  'This model version has reached the end of its life. Please refer to the AWS documentation for more details.';
export const endOfLife = () => new BedrockEmulatorError('ResourceNotFoundException', END_OF_LIFE_MESSAGE);

/**
 * One constraint violation in AWS's request-validation wording ("Value 'x' at 'jobName' failed to
 * satisfy constraint: Member must ..."); `value` undefined renders as `null`, as AWS does.
 */
export interface ConstraintViolation {
  field: string;
  value: unknown;
  constraint: string;
}

export function constraintError(violations: ConstraintViolation[]): BedrockEmulatorError {
  const count = violations.length;
  const details = violations
    .map(({ field, value, constraint }) => {
      const rendered = value === undefined || value === null ? 'null' : `'${String(value)}'`;
      return `Value ${rendered} at '${field}' failed to satisfy constraint: ${constraint}`;
    })
    .join('; ');
  return validation(`${count} validation error${count === 1 ? '' : 's'} detected: ${details}`);
}
