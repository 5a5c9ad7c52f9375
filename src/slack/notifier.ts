/**
 * Notifier on the Slack Web API (an injected WebClient) and on `response_url`, which the Web API
 * client does not cover: a slash command may be answered there up to 5 times in 30 minutes.
 */
import type { Block, KnownBlock, View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { UpstreamRejectedError, UpstreamUnavailableError } from '../core/errors.js';
import type { Notifier, OutboundMessage } from '../core/ports.js';
import { translateSlackError } from './slack-errors.js';

/**
 * Block Kit JSON is built by our own pure functions in ./blocks and is opaque to the core; the
 * Web API checks it on arrival, so the cast only restores the type the builders already meet.
 */
function blocksOf(message: OutboundMessage): { blocks?: (KnownBlock | Block)[] } {
  return message.blocks ? { blocks: [...message.blocks] as (KnownBlock | Block)[] } : {};
}

export class SlackNotifier implements Notifier {
  private readonly client: WebClient;
  private readonly fetch: typeof fetch;

  constructor(options: { client: WebClient; fetch?: typeof fetch }) {
    this.client = options.client;
    this.fetch = options.fetch ?? fetch;
  }

  async post(channelId: string, message: OutboundMessage, threadTs?: string): Promise<string> {
    try {
      const result = await this.client.chat.postMessage({
        channel: channelId,
        text: message.text,
        ...blocksOf(message),
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

  async update(channelId: string, ts: string, message: OutboundMessage): Promise<void> {
    try {
      await this.client.chat.update({ channel: channelId, ts, text: message.text, ...blocksOf(message) });
    } catch (error) {
      throw translateSlackError(error, `updating message ${ts} in ${channelId}`);
    }
  }

  async postEphemeral(channelId: string, userId: string, message: OutboundMessage): Promise<void> {
    try {
      await this.client.chat.postEphemeral({
        channel: channelId,
        user: userId,
        text: message.text,
        ...blocksOf(message),
      });
    } catch (error) {
      throw translateSlackError(error, `posting to ${userId} in ${channelId}`);
    }
  }

  async respond(
    responseUrl: string,
    message: OutboundMessage & { responseType?: 'ephemeral' | 'in_channel'; replaceOriginal?: boolean },
  ): Promise<void> {
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
        view: view as View,
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
      const file = Buffer.from(request.content);
      const common = {
        channel_id: request.channelId,
        filename: request.filename,
        title: request.title ?? request.filename,
        file,
        ...(request.initialComment ? { initial_comment: request.initialComment } : {}),
      };
      await this.client.filesUploadV2(request.threadTs ? { ...common, thread_ts: request.threadTs } : common);
    } catch (error) {
      throw translateSlackError(error, `uploading ${request.filename} to ${request.channelId}`);
    }
  }
}
