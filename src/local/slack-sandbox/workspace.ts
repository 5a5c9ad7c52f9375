/**
 * The sandbox workspace: people, channels, messages, files, views. One in-memory model that the Web
 * API (the bot's side) and the person's actions (the page and the test driver) both change, with a
 * version counter the page follows over Server-Sent Events, and optional persistence to a JSON file
 * so `npm start` restarts keep the conversation.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import type {
  EphemeralMessage,
  SandboxChannel,
  SandboxFile,
  SandboxNotice,
  SandboxUser,
  SandboxUsergroup,
  SandboxView,
  StoredMessage,
} from './types.js';

export const SLACKBOT_USER_ID = 'USLACKBOT';

export interface WorkspaceIdentity {
  teamId: string;
  teamName: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  appId: string;
  botName: string;
}

export interface WorkspaceSeed {
  users: SandboxUser[];
  channels: SandboxChannel[];
  usergroups: SandboxUsergroup[];
}

/** What survives a restart; ephemeral messages, modals and triggers do not survive one in Slack either. */
const persistedSchema = z.object({
  version: z.literal(1),
  users: z.array(z.custom<SandboxUser>()),
  channels: z.array(z.custom<SandboxChannel>()),
  usergroups: z.array(z.custom<SandboxUsergroup>()),
  messages: z.array(z.custom<StoredMessage>()),
  files: z.array(z.custom<SandboxFile>()),
  homes: z.array(z.custom<SandboxView>()),
});

export class Workspace {
  readonly identity: WorkspaceIdentity;
  readonly now: () => number;
  private readonly users = new Map<string, SandboxUser>();
  private readonly channels = new Map<string, SandboxChannel>();
  private readonly usergroups = new Map<string, SandboxUsergroup>();
  /** Per channel, every message (top level and replies), oldest first. */
  private readonly messages = new Map<string, StoredMessage[]>();
  private ephemeralMessages: EphemeralMessage[] = [];
  private readonly files = new Map<string, SandboxFile>();
  private readonly fileContents = new Map<string, Buffer>();
  private readonly modalStacks = new Map<string, SandboxView[]>();
  private readonly homes = new Map<string, SandboxView>();
  private notices: SandboxNotice[] = [];
  private readonly listeners = new Set<() => void>();
  private lastTimestampMicros = 0;
  private saveTimer: NodeJS.Timeout | undefined;
  private savePending: Promise<void> = Promise.resolve();
  version = 0;

  constructor(
    identity: WorkspaceIdentity,
    seed: WorkspaceSeed,
    private readonly directory: string | undefined,
    now: () => number,
  ) {
    this.identity = identity;
    this.now = now;
    this.applySeed(seed);
  }

  /** Loads a saved workspace from the directory, then adds any seeded people and channels it lacks. */
  async load(seed: WorkspaceSeed): Promise<void> {
    if (!this.directory) return;
    let text: string;
    try {
      text = await readFile(join(this.directory, 'state.json'), 'utf8');
    } catch {
      return;
    }
    const saved = persistedSchema.parse(JSON.parse(text));
    this.users.clear();
    this.channels.clear();
    this.usergroups.clear();
    for (const user of saved.users) this.users.set(user.id, user);
    for (const channel of saved.channels) this.channels.set(channel.id, channel);
    for (const group of saved.usergroups) this.usergroups.set(group.id, group);
    for (const message of saved.messages) this.channelMessages(message.channel).push(message);
    for (const file of saved.files) this.files.set(file.id, file);
    for (const home of saved.homes) this.homes.set(home.user, home);
    this.applySeed(seed, { keepExisting: true });
  }

  private applySeed(seed: WorkspaceSeed, options: { keepExisting?: boolean } = {}): void {
    for (const user of seed.users)
      if (!options.keepExisting || !this.users.has(user.id)) this.users.set(user.id, user);
    for (const channel of seed.channels) {
      if (!options.keepExisting || !this.channels.has(channel.id)) {
        this.channels.set(channel.id, { ...channel, members: [...channel.members] });
      }
    }
    for (const group of seed.usergroups) {
      if (!options.keepExisting || !this.usergroups.has(group.id)) this.usergroups.set(group.id, group);
    }
  }

  // ── change tracking ───────────────────────────────────────────────────────────────────────────

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Marks the workspace changed: bumps the version, tells listeners, schedules a save. */
  changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
    if (this.directory && !this.saveTimer) {
      this.saveTimer = setTimeout(() => {
        this.saveTimer = undefined;
        this.savePending = this.savePending.then(() => this.save());
      }, 100);
    }
  }

  async flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.savePending = this.savePending.then(() => this.save());
    }
    await this.savePending;
  }

  private async save(): Promise<void> {
    if (!this.directory) return;
    await mkdir(this.directory, { recursive: true });
    const state: z.infer<typeof persistedSchema> = {
      version: 1,
      users: [...this.users.values()],
      channels: [...this.channels.values()],
      usergroups: [...this.usergroups.values()],
      messages: [...this.messages.values()].flat(),
      files: [...this.files.values()],
      homes: [...this.homes.values()],
    };
    // Write then rename, so a crash mid-write never leaves a half file that fails the next start.
    const target = join(this.directory, 'state.json');
    await writeFile(`${target}.tmp`, JSON.stringify(state));
    await rename(`${target}.tmp`, target);
  }

  // ── identifiers ───────────────────────────────────────────────────────────────────────────────

  /** Slack-looking id: the prefix letter, then upper-case hex. */
  newId(prefix: string): string {
    return `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;
  }

  /** A message timestamp ("seconds.micros"), strictly increasing so it also works as a key. */
  newTimestamp(): string {
    const micros = Math.max(this.now() * 1000, this.lastTimestampMicros + 1);
    this.lastTimestampMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  // ── people, channels, groups ──────────────────────────────────────────────────────────────────

  user(id: string): SandboxUser | undefined {
    return this.users.get(id);
  }

  allUsers(): SandboxUser[] {
    return [...this.users.values()];
  }

  userByName(name: string): SandboxUser | undefined {
    const wanted = name.toLowerCase();
    return this.allUsers().find((user) => user.name.toLowerCase() === wanted);
  }

  channel(id: string): SandboxChannel | undefined {
    return this.channels.get(id);
  }

  allChannels(): SandboxChannel[] {
    return [...this.channels.values()];
  }

  /** Finds a channel by id, `#name` or `name`, as chat.postMessage accepts. */
  resolveChannel(reference: string): SandboxChannel | undefined {
    const byId = this.channels.get(reference);
    if (byId) return byId;
    const name = reference.replace(/^#/, '').toLowerCase();
    return this.allChannels().find((channel) => !channel.isIm && channel.name.toLowerCase() === name);
  }

  /** The direct-message channel between a person and the bot, created on first use. */
  directMessageChannel(userId: string): SandboxChannel {
    const existing = this.allChannels().find((channel) => channel.isIm && channel.members.includes(userId));
    if (existing) return existing;
    const channel: SandboxChannel = {
      id: `D${userId.replace(/^U/, '')}`,
      name: userId,
      isPrivate: true,
      isIm: true,
      members: [userId, this.identity.botUserId],
      created: Math.floor(this.now() / 1000),
    };
    this.channels.set(channel.id, channel);
    this.changed();
    return channel;
  }

  isMember(channelId: string, userId: string): boolean {
    return this.channels.get(channelId)?.members.includes(userId) ?? false;
  }

  addMember(channelId: string, userId: string): boolean {
    const channel = this.channels.get(channelId);
    if (!channel || channel.members.includes(userId)) return false;
    channel.members.push(userId);
    this.changed();
    return true;
  }

  usergroup(id: string): SandboxUsergroup | undefined {
    return this.usergroups.get(id);
  }

  allUsergroups(): SandboxUsergroup[] {
    return [...this.usergroups.values()];
  }

  // ── messages ──────────────────────────────────────────────────────────────────────────────────

  private channelMessages(channelId: string): StoredMessage[] {
    let list = this.messages.get(channelId);
    if (!list) {
      list = [];
      this.messages.set(channelId, list);
    }
    return list;
  }

  /** Top-level messages (and replies also sent to the channel), oldest first. */
  topLevel(channelId: string): StoredMessage[] {
    return this.channelMessages(channelId).filter(
      (message) =>
        !message.thread_ts || message.thread_ts === message.ts || message.subtype === 'thread_broadcast',
    );
  }

  /** The parent and its replies, oldest first; empty when there is no such parent. */
  thread(channelId: string, threadTs: string): StoredMessage[] {
    const all = this.channelMessages(channelId);
    const parent = all.find((message) => message.ts === threadTs);
    if (!parent) return [];
    return [parent, ...all.filter((message) => message.thread_ts === threadTs && message.ts !== threadTs)];
  }

  message(channelId: string, ts: string): StoredMessage | undefined {
    return this.channelMessages(channelId).find((message) => message.ts === ts);
  }

  /** Adds a message; a reply updates its parent's reply count, repliers and latest reply like Slack. */
  addMessage(message: Omit<StoredMessage, 'type' | 'ts' | 'team'>): StoredMessage {
    const stored: StoredMessage = {
      type: 'message',
      ts: this.newTimestamp(),
      team: this.identity.teamId,
      ...message,
    };
    if (stored.thread_ts) {
      const parent = this.message(stored.channel, stored.thread_ts);
      if (parent) {
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
        parent.reply_users = [...new Set([...(parent.reply_users ?? []), stored.user])];
        parent.latest_reply = stored.ts;
      }
    }
    this.channelMessages(stored.channel).push(stored);
    this.changed();
    return stored;
  }

  /** Deletes a message; a parent with replies stays as a tombstone, as in Slack. */
  deleteMessage(channelId: string, ts: string): void {
    const list = this.channelMessages(channelId);
    const index = list.findIndex((message) => message.ts === ts);
    const message = list[index];
    if (!message) return;
    if ((message.reply_count ?? 0) > 0) {
      message.subtype = 'tombstone';
      message.text = 'This message was deleted.';
      delete message.blocks;
      delete message.fileIds;
    } else {
      list.splice(index, 1);
      if (message.thread_ts && message.thread_ts !== message.ts) {
        const parent = this.message(channelId, message.thread_ts);
        if (parent?.reply_count) parent.reply_count -= 1;
      }
    }
    this.changed();
  }

  // ── ephemeral messages ────────────────────────────────────────────────────────────────────────

  addEphemeral(message: Omit<EphemeralMessage, 'ts'>): EphemeralMessage {
    const stored: EphemeralMessage = { ts: this.newTimestamp(), ...message };
    this.ephemeralMessages.push(stored);
    this.changed();
    return stored;
  }

  ephemeral(channelId: string, userId: string, ts: string): EphemeralMessage | undefined {
    return this.ephemeralMessages.find(
      (message) => message.channel === channelId && message.user === userId && message.ts === ts,
    );
  }

  ephemerals(channelId: string, userId: string): EphemeralMessage[] {
    return this.ephemeralMessages.filter(
      (message) => message.channel === channelId && message.user === userId,
    );
  }

  ephemeralsFor(userId: string): EphemeralMessage[] {
    return this.ephemeralMessages.filter((message) => message.user === userId);
  }

  deleteEphemeral(ts: string): void {
    this.ephemeralMessages = this.ephemeralMessages.filter((message) => message.ts !== ts);
    this.changed();
  }

  // ── files ─────────────────────────────────────────────────────────────────────────────────────

  addFile(file: SandboxFile, content: Buffer): Promise<void> {
    this.files.set(file.id, file);
    this.fileContents.set(file.id, content);
    this.changed();
    if (!this.directory) return Promise.resolve();
    const folder = join(this.directory, 'files');
    return mkdir(folder, { recursive: true }).then(() => writeFile(join(folder, file.id), content));
  }

  file(id: string): SandboxFile | undefined {
    return this.files.get(id);
  }

  async fileContent(id: string): Promise<Buffer | undefined> {
    const cached = this.fileContents.get(id);
    if (cached) return cached;
    if (!this.directory || !this.files.has(id)) return undefined;
    try {
      return await readFile(join(this.directory, 'files', id));
    } catch {
      return undefined;
    }
  }

  // ── views ─────────────────────────────────────────────────────────────────────────────────────

  modalStack(userId: string): SandboxView[] {
    return this.modalStacks.get(userId) ?? [];
  }

  setModalStack(userId: string, stack: SandboxView[]): void {
    if (stack.length === 0) this.modalStacks.delete(userId);
    else this.modalStacks.set(userId, stack);
    this.changed();
  }

  home(userId: string): SandboxView | undefined {
    return this.homes.get(userId);
  }

  setHome(view: SandboxView): void {
    this.homes.set(view.user, view);
    this.changed();
  }

  /** Finds an open modal or a published Home view by id or external id. */
  findView(reference: { viewId?: string; externalId?: string }): SandboxView | undefined {
    const all = [...[...this.modalStacks.values()].flat(), ...this.homes.values()];
    return all.find(
      (view) =>
        (reference.viewId !== undefined && view.id === reference.viewId) ||
        (reference.externalId !== undefined &&
          reference.externalId !== '' &&
          view.external_id === reference.externalId),
    );
  }

  /** Replaces a stored view (same id) wherever it is: a modal stack or a Home tab. */
  replaceView(view: SandboxView): void {
    if (view.type === 'home') {
      this.homes.set(view.user, view);
    } else {
      const stack = this.modalStack(view.user).map((existing) => (existing.id === view.id ? view : existing));
      this.modalStacks.set(view.user, stack);
    }
    this.changed();
  }

  // ── notices ───────────────────────────────────────────────────────────────────────────────────

  addNotice(userId: string, text: string): void {
    this.notices = [...this.notices.slice(-49), { id: this.newId('N'), user: userId, text, at: this.now() }];
    this.changed();
  }

  noticesFor(userId: string): SandboxNotice[] {
    return this.notices.filter((notice) => notice.user === userId);
  }
}
