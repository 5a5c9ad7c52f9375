/**
 * Reading a thread back from Slack (conversations.replies, with tune's message metadata), so that
 * a question asked in a thread is answered with the thread's earlier questions and answers and by
 * the thread's model. Nothing about threads is stored by tune: the thread is the record.
 */
import type { WebClient } from '@slack/web-api';
import * as z from 'zod';
import type { MessageMetadata } from '../core/ports.js';
import { translateSlackError } from './slack-errors.js';

export interface ThreadMessage {
  ts: string;
  /** The author; a bot's messages carry the bot's user id too. */
  userId?: string;
  /** Set on messages a bot posted. */
  botId?: string;
  text: string;
  metadata?: MessageMetadata;
}

/** A thread, parent first (the Slack side of asking reads threads through this). */
export interface ThreadReader {
  read(channelId: string, threadTs: string): Promise<ThreadMessage[]>;
}

const messageSchema = z.object({
  ts: z.string(),
  user: z.string().nullish(),
  bot_id: z.string().nullish(),
  text: z.string().nullish(),
  metadata: z
    .object({
      event_type: z.string(),
      event_payload: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).catch('')).nullish(),
    })
    .nullish(),
});

const pageSchema = z.object({
  // One message tune cannot read must not hide the rest of the thread.
  messages: z.array(z.unknown()).nullish(),
  response_metadata: z.object({ next_cursor: z.string().nullish() }).nullish(),
});

/**
 * The longest thread read: a thread of 1,000 messages is far past any model's patience, and
 * conversations.replies is Tier 3 (50 calls a minute), 200 messages a call.
 */
const MAX_MESSAGES = 1000;
const PAGE = 200;

export class SlackThreads implements ThreadReader {
  private readonly client: WebClient;

  constructor(options: { client: WebClient }) {
    this.client = options.client;
  }

  async read(channelId: string, threadTs: string): Promise<ThreadMessage[]> {
    const messages: ThreadMessage[] = [];
    let cursor: string | undefined;
    do {
      let response: unknown;
      try {
        response = await this.client.conversations.replies({
          channel: channelId,
          ts: threadTs,
          limit: PAGE,
          include_all_metadata: true,
          ...(cursor ? { cursor } : {}),
        });
      } catch (error) {
        throw translateSlackError(error, `reading the thread ${threadTs} in ${channelId}`);
      }
      // Parsed outside the call's `try`: a reply tune cannot read is not an outage to retry.
      const page = pageSchema.safeParse(response);
      if (!page.success) break;
      for (const raw of page.data.messages ?? []) {
        const parsed = messageSchema.safeParse(raw);
        if (parsed.success) messages.push(threadMessage(parsed.data));
      }
      cursor = page.data.response_metadata?.next_cursor || undefined;
    } while (cursor && messages.length < MAX_MESSAGES);
    return messages;
  }
}

function threadMessage(message: z.infer<typeof messageSchema>): ThreadMessage {
  return {
    ts: message.ts,
    text: message.text ?? '',
    ...(message.user ? { userId: message.user } : {}),
    ...(message.bot_id ? { botId: message.bot_id } : {}),
    ...(message.metadata
      ? {
          metadata: { eventType: message.metadata.event_type, payload: message.metadata.event_payload ?? {} },
        }
      : {}),
  };
}
