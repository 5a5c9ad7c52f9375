/**
 * Directory on the Slack Web API: user group members, cached for a minute per cold start so a
 * burst of button presses costs one call (usergroups.users.list is Tier 2: 20 calls a minute).
 */
import type { WebClient } from '@slack/web-api';
import type { Clock, Directory } from '../core/ports.js';
import { translateSlackError } from './slack-errors.js';

const CACHE_MS = 60_000;

export class SlackDirectory implements Directory {
  private readonly client: WebClient;
  private readonly clock: Clock;
  private readonly cache = new Map<string, { members: string[]; at: number }>();

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
}
