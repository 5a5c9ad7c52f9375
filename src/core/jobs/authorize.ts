/**
 * Who may spend money (start a job, stop one): listed users and members of a listed user group,
 * optionally only in listed channels (README, "Who may spend money"). Nobody is authorized until an operator says
 * who is: an empty policy refuses, and says how to change that.
 */
import { NotAuthorizedError } from '../errors.js';
import type { Directory } from '../ports.js';

export interface AuthorizationPolicy {
  users: readonly string[];
  usergroup: string | undefined;
  channels: readonly string[];
}

export async function requireAuthorized(
  input: { userId: string; channelId: string; action: string },
  policy: AuthorizationPolicy,
  directory: Directory,
): Promise<void> {
  if (policy.channels.length > 0 && !policy.channels.includes(input.channelId)) {
    throw new NotAuthorizedError(
      `tune is not set up to ${input.action} in this channel. Ask whoever runs tune to allow this channel, or use one that is.`,
    );
  }
  if (policy.users.includes(input.userId)) return;
  if (policy.usergroup && (await directory.usergroupMembers(policy.usergroup)).includes(input.userId)) return;
  // Messages for people name people, never tune's configuration (README: "Who may spend money").
  const who =
    policy.users.length === 0 && !policy.usergroup
      ? 'Nobody has been allowed to yet: ask whoever runs tune to allow the people who may spend money.'
      : 'Only the people whoever runs tune allowed can; ask them.';
  // Plain text, like every core message: the Slack side escapes it, so no mention markup here.
  throw new NotAuthorizedError(`You are not allowed to ${input.action}. ${who}`);
}
