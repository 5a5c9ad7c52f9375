/**
 * Notifier on the Slack Web API (an injected WebClient) and on `response_url`, which the Web API
 * client does not cover: a slash command may be answered there up to 5 times in 30 minutes.
 * Every message, view and file it sends has its AWS account ids masked first (./outgoing.ts), so
 * no builder can leak one; the original of each masked text goes to the log.
 */
import type { Block, KnownBlock, View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { UpstreamRejectedError, UpstreamUnavailableError } from '../core/errors.js';
import type { Logger, Notifier, OutboundMessage } from '../core/ports.js';
import { maskAccountIds } from './blocks/safe-text.js';
import { maskOutgoing } from './outgoing.js';
import { translateSlackError } from './slack-errors.js';

/**
 * Block Kit JSON is built by our own pure functions in ./blocks and is opaque to the core; the
 * Web API checks it on arrival, so the cast only restores the type the builders already meet.
 */
function blocksOf(message: OutboundMessage): { blocks?: (KnownBlock | Block)[] } {
  return message.blocks ? { blocks: [...message.blocks] as (KnownBlock | Block)[] } : {};
}

/** Slack's spelling of message metadata; sent again with every update so that it stays. */
function metadataOf(message: OutboundMessage): {
  metadata?: { event_type: string; event_payload: Record<string, string | number | boolean> };
} {
  return message.metadata
    ? { metadata: { event_type: message.metadata.eventType, event_payload: message.metadata.payload } }
    : {};
}

export class SlackNotifier implements Notifier {
  private readonly client: WebClient;
  private readonly fetch: typeof fetch;
  private readonly logger: Logger | undefined;

  /** `logger` keeps the whole text of anything masked before it was sent. */
  constructor(options: { client: WebClient; fetch?: typeof fetch; logger?: Logger }) {
    this.client = options.client;
    this.fetch = options.fetch ?? fetch;
    this.logger = options.logger;
  }

  /** `payload` with account ids masked; what was masked is logged whole. */
  private safe<T>(payload: T, where: string): T {
    return maskOutgoing(payload, (original) =>
      this.logger?.info('masked AWS account ids in a message to Slack', { where, original }),
    );
  }

  async post(channelId: string, original: OutboundMessage, threadTs?: string): Promise<string> {
    const message = this.safe(original, channelId);
    try {
      const result = await this.client.chat.postMessage({
        channel: channelId,
        text: message.text,
        ...blocksOf(message),
        ...metadataOf(message),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!result.ts) throw new UpstreamRejectedError('Slack accepted the message but returned no ts.');
      return result.ts;
    } catch (error) {
      throw translateSlackError(error, `posting in ${channelId}`);
    }
  }

  async update(channelId: string, ts: string, original: OutboundMessage): Promise<void> {
    const message = this.safe(original, channelId);
    try {
      await this.client.chat.update({
        channel: channelId,
        ts,
        text: message.text,
        ...blocksOf(message),
        ...metadataOf(message),
      });
    } catch (error) {
      throw translateSlackError(error, `updating message ${ts} in ${channelId}`);
    }
  }

  async postEphemeral(
    channelId: string,
    userId: string,
    original: OutboundMessage,
    threadTs?: string,
  ): Promise<void> {
    const message = this.safe(original, channelId);
    try {
      await this.client.chat.postEphemeral({
        channel: channelId,
        user: userId,
        text: message.text,
        ...blocksOf(message),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
    } catch (error) {
      throw translateSlackError(error, `posting to ${userId} in ${channelId}`);
    }
  }

  async respond(
    responseUrl: string,
    original: OutboundMessage & { responseType?: 'ephemeral' | 'in_channel'; replaceOriginal?: boolean },
  ): Promise<void> {
    const message = this.safe(original, 'response_url');
    let response: Response;
    try {
      response = await this.fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
          response_type: message.responseType ?? 'ephemeral',
          ...(message.replaceOriginal !== undefined ? { replace_original: message.replaceOriginal } : {}),
        }),
      });
    } catch (error) {
      throw new UpstreamUnavailableError(`Could not reach Slack's response_url: ${String(error)}`, {
        cause: error,
      });
    }
    if (!response.ok) {
      // Slack answers 404 once the URL has been used 5 times or is older than 30 minutes.
      throw new UpstreamRejectedError(
        `Slack refused the response (HTTP ${response.status}): ${await response.text()}`,
      );
    }
  }

  async publishHome(userId: string, view: unknown): Promise<void> {
    try {
      await this.client.views.publish({
        user_id: userId,
        view: this.safe(view, `home of ${userId}`) as View,
      });
    } catch (error) {
      throw translateSlackError(error, `publishing the Home tab of ${userId}`);
    }
  }

  async updateView(viewId: string, view: unknown, hash?: string): Promise<void> {
    try {
      await this.client.views.update({ view_id: viewId, view: view as View, ...(hash ? { hash } : {}) });
    } catch (error) {
      throw translateSlackError(error, `updating view ${viewId}`);
    }
  }

  async uploadFile(request: {
    channelId: string;
    threadTs?: string;
    filename: string;
    content: Uint8Array | string;
    title?: string;
    initialComment?: string;
  }): Promise<void> {
    try {
      const where = `file in ${request.channelId}`;
      const text = (value: string) => this.safe(value, where);
      const file = Buffer.from(
        typeof request.content === 'string' ? maskAccountIds(request.content) : request.content,
      );
      const common = {
        channel_id: request.channelId,
        filename: text(request.filename),
        title: text(request.title ?? request.filename),
        file,
        ...(request.initialComment ? { initial_comment: text(request.initialComment) } : {}),
      };
      await this.client.filesUploadV2(request.threadTs ? { ...common, thread_ts: request.threadTs } : common);
    } catch (error) {
      throw translateSlackError(error, `uploading ${request.filename} to ${request.channelId}`);
    }
  }
}
