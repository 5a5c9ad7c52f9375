/** In-memory channel settings, and threads read from a script instead of Slack. */
import type { ChannelSettings, ChannelSettingsStore } from '../../src/core/ports.js';
import type { ThreadMessage, ThreadReader } from '../../src/slack/threads.js';

export class InMemoryChannelSettingsStore implements ChannelSettingsStore {
  readonly settings = new Map<string, ChannelSettings>();

  async get(teamId: string, channelId: string): Promise<ChannelSettings | undefined> {
    const found = this.settings.get(`${teamId}/${channelId}`);
    return found ? structuredClone(found) : undefined;
  }

  async put(settings: ChannelSettings): Promise<void> {
    this.settings.set(`${settings.teamId}/${settings.channelId}`, structuredClone(settings));
  }
}

/** Threads as a test wrote them; a thread nobody wrote reads as empty, as Slack's would not exist. */
export class ScriptedThreads implements ThreadReader {
  private readonly threads = new Map<string, ThreadMessage[]>();
  readonly reads: string[] = [];

  write(channelId: string, threadTs: string, messages: ThreadMessage[]): this {
    this.threads.set(`${channelId}/${threadTs}`, messages);
    return this;
  }

  async read(channelId: string, threadTs: string): Promise<ThreadMessage[]> {
    this.reads.push(`${channelId}/${threadTs}`);
    return structuredClone(this.threads.get(`${channelId}/${threadTs}`) ?? []);
  }
}
