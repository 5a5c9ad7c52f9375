/**
 * Reading files people share. Slack serves `url_private_download` only with the bot token in an
 * Authorization header; without it (or from the wrong host) it answers 200 with an HTML login page,
 * which would otherwise be validated as a broken dataset (bolt-js#2585). So downloads go only to
 * Slack's file hosts, carry the token, and refuse HTML.
 */
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { InputError, UpstreamRejectedError, UpstreamUnavailableError } from '../core/errors.js';
import { translateSlackError } from './slack-errors.js';

const fileSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  title: z.string().nullish(),
  size: z.number().nullish(),
  mimetype: z.string().nullish(),
  url_private_download: z.string().nullish(),
  url_private: z.string().nullish(),
});

export interface SharedFile {
  id: string;
  name: string;
  size: number | undefined;
  downloadUrl: string;
}

export class SlackFiles {
  private readonly client: WebClient;
  private readonly botToken: string;
  private readonly allowedHosts: ReadonlySet<string>;
  private readonly fetch: typeof fetch;

  /** `allowedHosts`: Slack's file host, plus the sandbox's host locally. */
  constructor(options: {
    client: WebClient;
    botToken: string;
    allowedHosts: readonly string[];
    fetch?: typeof fetch;
  }) {
    this.client = options.client;
    this.botToken = options.botToken;
    this.allowedHosts = new Set(options.allowedHosts);
    this.fetch = options.fetch ?? fetch;
  }

  async info(fileId: string): Promise<SharedFile> {
    let raw: unknown;
    try {
      raw = (await this.client.files.info({ file: fileId })).file;
    } catch (error) {
      throw translateSlackError(error, `reading file ${fileId}`);
    }
    const file = fileSchema.parse(raw);
    const downloadUrl = file.url_private_download ?? file.url_private;
    if (!downloadUrl) throw new UpstreamRejectedError(`Slack gave no download address for file ${fileId}.`);
    return {
      id: file.id,
      name: file.name ?? file.title ?? file.id,
      size: file.size ?? undefined,
      downloadUrl,
    };
  }

  async download(url: string): Promise<AsyncIterable<Uint8Array>> {
    const host = new URL(url).host;
    if (!this.allowedHosts.has(host)) {
      throw new InputError(
        `tune downloads files only from Slack (${[...this.allowedHosts].join(', ')}), not from ${host}.`,
      );
    }
    let response: Response;
    try {
      response = await this.fetch(url, {
        headers: { authorization: `Bearer ${this.botToken}` },
        redirect: 'follow',
      });
    } catch (error) {
      throw new UpstreamUnavailableError(`Could not download the file from Slack: ${String(error)}`, {
        cause: error,
      });
    }
    if (!response.ok || !response.body) {
      throw new UpstreamUnavailableError(`Slack answered HTTP ${response.status} to the file download.`);
    }
    if ((response.headers.get('content-type') ?? '').includes('text/html')) {
      throw new UpstreamRejectedError(
        'Slack returned a login page instead of the file: the bot token lacks files:read or the app is not installed in this workspace.',
      );
    }
    const host2 = new URL(response.url || url).host;
    if (!this.allowedHosts.has(host2))
      throw new InputError(`The download was redirected to ${host2}, which is not Slack.`);
    return response.body;
  }
}

/** Slack's file hosts; the configured API host is added for the sandbox. */
export function slackFileHosts(apiUrl: string | undefined): string[] {
  const hosts = ['files.slack.com'];
  if (apiUrl) hosts.push(new URL(apiUrl).host);
  return hosts;
}
