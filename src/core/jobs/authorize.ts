/**
 * Who may spend money (start a job, stop one): listed users and members of a listed user group,
 * optionally only in listed channels (DESIGN.md §6). Nobody is authorized until an operator says
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
      `tune is not set up to ${input.action} in this channel. Ask whoever runs tune to add it to TUNE_AUTHORIZED_CHANNELS, or use a channel that is.`,
    );
  }
  if (policy.users.includes(input.userId)) return;
  if (policy.usergroup && (await directory.usergroupMembers(policy.usergroup)).includes(input.userId)) return;
  const who =
    policy.users.length === 0 && !policy.usergroup
      ? 'Nobody is authorized yet: whoever runs tune sets TUNE_AUTHORIZED_USERS (Slack user ids) or TUNE_AUTHORIZED_USERGROUP.'
      : `Only the people listed in TUNE_AUTHORIZED_USERS${policy.usergroup ? ` or in the user group ${policy.usergroup}` : ''} can.`;
  // Plain text, like every core message: the Slack side escapes it, so no mention markup here.
  throw new NotAuthorizedError(`You are not authorized to ${input.action}: it costs money. ${who}`);
}
