/**
 * The one place that turns an error into what a person reads in Slack. Core errors carry a code
 * and a message written for people; anything else is our bug or an outage, logged in full and
 * shown as a short apology with a reference the operator can find in the logs.
 */
import { randomUUID } from 'node:crypto';
import { isTuneError } from '../core/errors.js';
import type { Logger } from '../core/ports.js';

export function userMessageFor(error: unknown, logger?: Logger): string {
  if (isTuneError(error)) {
    switch (error.code) {
      case 'input_invalid':
        return `:warning: ${error.message}`;
      case 'not_authorized':
        return `:no_entry: ${error.message}`;
      case 'not_found':
        return `:mag: ${error.message}`;
      case 'quota_exceeded':
        return `:hourglass: ${error.message}`;
      case 'access_denied':
        return `:lock: ${error.message} Ask whoever deployed tune to check its IAM roles (see the README, "Deploy").`;
      case 'throttled':
      case 'upstream_unavailable':
        return `:cloud: ${error.message} Nothing was lost; try again in a minute.`;
      default:
        return `:x: ${error.message}`;
    }
  }
  const reference = randomUUID().slice(0, 8);
  logger?.error('unexpected error shown to a user', { reference, error: describe(error) });
  return `:x: Something went wrong inside tune (reference ${reference}). Try again; if it keeps failing, give the reference to whoever runs tune.`;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
}
