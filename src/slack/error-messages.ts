/**
 * The one place that turns an error into what a person reads in Slack. Core errors carry a code
 * and a message written for people; anything else is our bug or an outage, logged in full and
 * shown as a short apology with a reference the operator can find in the logs. Messages are plain
 * text that may quote what a person typed or AWS said: they are escaped for mrkdwn, their account
 * ids masked (the whole text goes to the log) and clipped to fit a section.
 */
import { randomUUID } from 'node:crypto';
import { isTuneError, NotAuthorizedError, type TuneError } from '../core/errors.js';
import type { Logger } from '../core/ports.js';
import { clip, LIMITS, maskAccountIds, mrkdwn } from './blocks/safe-text.js';

export function userMessageFor(error: unknown, logger?: Logger): string {
  if (isTuneError(error)) return clip(forPeople(error, logger), LIMITS.sectionText);
  const reference = randomUUID().slice(0, 8);
  logger?.error('unexpected error shown to a user', { reference, error: describe(error) });
  return `:x: Something went wrong inside tune (reference ${reference}). Try again; if it keeps failing, give the reference to whoever runs tune.`;
}

function forPeople(error: TuneError, logger: Logger | undefined): string {
  const masked = maskAccountIds(error.message);
  if (masked !== error.message) {
    logger?.info('masked AWS account ids in an error shown to a user', {
      code: error.code,
      original: error.message,
    });
  }
  const message = mrkdwn(masked, LIMITS.message);
  switch (error.code) {
    case 'input_invalid':
      return `:warning: ${message}`;
    case 'not_authorized':
      return `:no_entry: ${withGroup(message, error)}`;
    case 'not_found':
      return `:mag: ${message}`;
    case 'quota_exceeded':
      return `:hourglass: ${message}`;
    case 'access_denied':
      return `:lock: ${message} Ask whoever deployed tune to check its IAM roles (see the README, "Deploy").`;
    case 'throttled':
    case 'upstream_unavailable':
      return `:cloud: ${message} Nothing was lost; try again in a minute.`;
    default:
      return `:x: ${message}`;
  }
}

/** Slack user group ids (`S0…`): the only thing put into a mention unescaped. */
const USERGROUP_ID = /^S[A-Z0-9]{2,}$/;

/** "… can start paid jobs (ask @tune-admins)." where an authorization names the group allowed. */
function withGroup(message: string, error: TuneError): string {
  const group = error instanceof NotAuthorizedError ? error.usergroupId : undefined;
  if (!group || !USERGROUP_ID.test(group)) return message;
  const sentence = message.replace(/\.$/, '');
  // A message that already ends in parentheses gets no second pair.
  return sentence.endsWith(')')
    ? `${sentence}; ask <!subteam^${group}>.`
    : `${sentence} (ask <!subteam^${group}>).`;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
}
