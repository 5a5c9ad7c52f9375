/**
 * Typed errors of the core. Adapters translate AWS and Slack failures into these at their boundary,
 * and each edge (Slack, CLI) has exactly one place that turns a `code` into what a person reads
 * (`src/slack/error-messages.ts`, `src/cli/errors.ts`). `retryable` tells the queue and the watch
 * loop whether trying again later can succeed.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'input_invalid'
  | 'not_found'
  | 'conflict'
  | 'job_state_conflict'
  | 'quota_exceeded'
  | 'access_denied'
  | 'not_authorized'
  | 'throttled'
  | 'upstream_unavailable'
  | 'upstream_rejected';

export interface TuneErrorOptions {
  cause?: unknown;
  retryable?: boolean;
}

export class TuneError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: TuneErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** A required setting is missing or malformed; the message names the variable and what it is for. */
export class ConfigError extends TuneError {
  constructor(message: string, options?: TuneErrorOptions) {
    super('config_invalid', message, options);
  }
}

/** Something a person typed or uploaded is wrong; `field` names what, the message says how to fix it. */
export class InputError extends TuneError {
  readonly field: string | undefined;
  constructor(message: string, options: TuneErrorOptions & { field?: string } = {}) {
    super('input_invalid', message, options);
    this.field = options.field;
  }
}

/**
 * A table (or JSON records) whose columns tune cannot map on its own. It carries the columns and a
 * guess, so an edge can show the exact options to share the file again with, and offer to re-check.
 */
export class ColumnsNotGuessedError extends InputError {
  readonly columns: readonly string[];
  /** Undefined when there is nothing sensible to guess (a single column, say). */
  readonly guess:
    | { promptColumns: string[]; completionColumns: string[] }
    | { textColumns: string[] }
    | undefined;
  constructor(
    message: string,
    details: Pick<ColumnsNotGuessedError, 'columns' | 'guess'> & { field: string },
  ) {
    super(message, { field: details.field });
    this.columns = details.columns;
    this.guess = details.guess;
  }
}

export class NotFoundError extends TuneError {
  constructor(message: string, options?: TuneErrorOptions) {
    super('not_found', message, options);
  }
}

/** The resource exists already or is in a state that forbids the call (Bedrock ConflictException). */
export class ConflictError extends TuneError {
  constructor(message: string, options?: TuneErrorOptions) {
    super('conflict', message, options);
  }
}

/** A conditional write lost: the stored status was not the one the caller expected. */
export class JobStateConflictError extends TuneError {
  constructor(message: string, options?: TuneErrorOptions) {
    super('job_state_conflict', message, options);
  }
}

export class QuotaExceededError extends TuneError {
  constructor(message: string, options?: TuneErrorOptions) {
    super('quota_exceeded', message, options);
  }
}

/** AWS refused the call for missing permissions (IAM, PassRole, SCP, model access). */
export class AccessDeniedError extends TuneError {
  constructor(message: string, options?: TuneErrorOptions) {
    super('access_denied', message, options);
  }
}

/** The Slack user may not do this (start, stop, spend money) in this channel. */
export class NotAuthorizedError extends TuneError {
  /** The user group whose members may do it, for an edge that can name it (Slack mentions it). */
  readonly usergroupId: string | undefined;
  constructor(message: string, options: TuneErrorOptions & { usergroupId?: string } = {}) {
    super('not_authorized', message, options);
    this.usergroupId = options.usergroupId;
  }
}

export class ThrottledError extends TuneError {
  constructor(message: string, options?: TuneErrorOptions) {
    super('throttled', message, { retryable: true, ...options });
  }
}

/** A dependency failed in a way that may pass (5xx, network). */
export class UpstreamUnavailableError extends TuneError {
  constructor(message: string, options?: TuneErrorOptions) {
    super('upstream_unavailable', message, { retryable: true, ...options });
  }
}

/** A dependency refused the request for a reason we could not classify further (Bedrock ValidationException). */
export class UpstreamRejectedError extends TuneError {
  constructor(message: string, options?: TuneErrorOptions) {
    super('upstream_rejected', message, options);
  }
}

export function isTuneError(error: unknown): error is TuneError {
  return error instanceof TuneError;
}
