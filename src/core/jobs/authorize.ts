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
  // Messages for people name people, never tune's configuration (README: "Who may spend money"),
  // and say what is refused, not why it matters: the person asked for a thing, not for a lecture.
  if (policy.users.length === 0 && !policy.usergroup) {
    throw new NotAuthorizedError(
      `Nobody may ${input.action} yet: your workspace admin has not allowed anyone. Ask them to.`,
    );
  }
  // Plain text, like every core message: the Slack side mentions the group (`usergroupId`).
  throw new NotAuthorizedError(
    `Only the people your workspace admin allowed can ${input.action}${policy.usergroup ? '' : '; ask your workspace admin'}.`,
    policy.usergroup ? { usergroupId: policy.usergroup } : {},
  );
}
