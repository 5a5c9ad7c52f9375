/**
 * Directory on the Slack Web API: user group members and whether a channel is private, each
 * cached for a minute per cold start so a burst of button presses or Home tab openings costs one
 * call (usergroups.users.list is Tier 2: 20 calls a minute; conversations.info Tier 3).
 */
import type { WebClient } from '@slack/web-api';
import * as z from 'zod';
import { NotFoundError } from '../core/errors.js';
import type { Clock, Directory } from '../core/ports.js';
import { translateSlackError } from './slack-errors.js';

const channelInfoSchema = z.object({
  channel: z.object({ is_private: z.boolean().nullish(), is_im: z.boolean().nullish() }),
});

const CACHE_MS = 60_000;

export class SlackDirectory implements Directory {
  private readonly client: WebClient;
  private readonly clock: Clock;
  private readonly cache = new Map<string, { members: string[]; at: number }>();
  private readonly privacy = new Map<string, { isPrivate: boolean; at: number }>();

  constructor(options: { client: WebClient; clock: Clock }) {
    this.client = options.client;
    this.clock = options.clock;
  }

  async usergroupMembers(usergroupId: string): Promise<string[]> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(usergroupId);
    if (cached && now - cached.at < CACHE_MS) return cached.members;
    try {
      const result = await this.client.usergroups.users.list({ usergroup: usergroupId });
      const members = result.users ?? [];
      this.cache.set(usergroupId, { members, at: now });
      return members;
    } catch (error) {
      throw translateSlackError(error, `reading the members of user group ${usergroupId}`);
    }
  }

  async channelIsPrivate(channelId: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    const cached = this.privacy.get(channelId);
    if (cached && now - cached.at < CACHE_MS) return cached.isPrivate;
    let isPrivate: boolean;
    try {
      const result = channelInfoSchema.safeParse(
        await this.client.conversations.info({ channel: channelId }),
      );
      // A reply tune cannot read says nothing about the channel: treated as private, as doubt is.
      isPrivate =
        !result.success || result.data.channel.is_private !== false || result.data.channel.is_im === true;
    } catch (error) {
      const translated = translateSlackError(error, `reading channel ${channelId}`);
      // Slack answers channel_not_found for a private channel the bot is not in.
      if (!(translated instanceof NotFoundError)) throw translated;
      isPrivate = true;
    }
    this.privacy.set(channelId, { isPrivate, at: now });
    return isPrivate;
  }
}
