/**
 * Reading files people share. Slack serves `url_private_download` only with the bot token in an
 * Authorization header; without it (or from the wrong host) it answers 200 with an HTML login page,
 * which would otherwise be validated as a broken dataset (bolt-js#2585). The token must never reach
 * another host, and a download must never hold the worker until its Lambda times out, so:
 * - requests go only to the allowed origins (scheme, host and port): Slack's file host over https,
 *   plus, when configured, the local sandbox's own http origin (`slackFileOrigins`);
 * - redirects are followed by hand, each Location checked before the token is sent there;
 * - the whole download (headers and body) has one deadline, and stops past `maxBytes`;
 * - HTML (the login page) is refused whatever the letter case or parameters of its content type,
 *   and recognised by its first bytes when the content type is missing;
 * - 403 and 404 are final and say what to do; 429, 5xx, network failures and the deadline are
 *   retryable (the queue tries again).
 */
import type { WebClient } from '@slack/web-api';
import * as z from 'zod';
import { formatBytes } from '../core/dataset/index.js';
import {
  InputError,
  ThrottledError,
  type TuneError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from '../core/errors.js';
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

/** Slack's own file host. */
export const SLACK_FILE_ORIGIN = 'https://files.slack.com';
/** Well inside the worker's 300 s, leaving time to convert, validate and answer. */
export const DOWNLOAD_TIMEOUT_MS = 120_000;
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const HTML_START = /^\s*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i;

/**
 * The origins tune may download shared files from: Slack's file host, and the origin of a
 * configured Slack API URL (the local sandbox serves files from its own, over http). Without
 * `TUNE_SLACK_API_URL`, as on AWS, that is https://files.slack.com alone.
 */
export function slackFileOrigins(apiUrl: string | undefined): string[] {
  const origins = [SLACK_FILE_ORIGIN];
  if (apiUrl) {
    const origin = new URL(apiUrl).origin;
    if (!origins.includes(origin)) origins.push(origin);
  }
  return origins;
}

const LOGIN_PAGE =
  'Slack returned a login page instead of the file: the bot token lacks files:read or the app is not installed in this workspace. Ask whoever runs tune to reinstall it with files:read, then share the file again.';

export class SlackFiles {
  private readonly client: WebClient;
  private readonly botToken: string;
  private readonly allowedOrigins: ReadonlySet<string>;
  private readonly maxBytes: number;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  /**
   * `allowedOrigins`: exact origins such as `https://files.slack.com` (see `slackFileOrigins`);
   * `maxBytes`: the largest file worth reading (`largestDatasetBytes()`); `timeoutMs`: the deadline
   * of a whole download.
   */
  constructor(options: {
    client: WebClient;
    botToken: string;
    allowedOrigins: readonly string[];
    maxBytes: number;
    timeoutMs?: number;
    fetch?: typeof fetch;
  }) {
    this.client = options.client;
    this.botToken = options.botToken;
    this.allowedOrigins = new Set(options.allowedOrigins);
    this.maxBytes = options.maxBytes;
    this.timeoutMs = options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS;
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

  /** The file's bytes; the deadline and the size cap apply until the last byte is read. */
  async download(url: string): Promise<AsyncIterable<Uint8Array>> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const response = await this.follow(url, signal);
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > this.maxBytes) {
      await response.body?.cancel().catch(() => {});
      throw this.tooLarge();
    }
    const contentType = response.headers.get('content-type');
    const media = contentType?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
    if (HTML_TYPES.has(media)) {
      await response.body?.cancel().catch(() => {});
      throw new UpstreamRejectedError(LOGIN_PAGE);
    }
    if (!response.body) return (async function* () {})();
    const iterator = this.guarded(response.body, signal);
    const first = await iterator.next();
    // Without a content type the page can only be told by its first bytes.
    if (!contentType && !first.done && HTML_START.test(new TextDecoder().decode(first.value.slice(0, 512)))) {
      // Ends the generator, which cancels the body.
      await iterator.return(undefined);
      throw new UpstreamRejectedError(LOGIN_PAGE);
    }
    return (async function* () {
      if (first.done) return;
      yield first.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    })();
  }

  /** GETs `url`, following redirects by hand: each hop must be an allowed origin before the token goes there. */
  private async follow(url: string, signal: AbortSignal): Promise<Response> {
    let current = this.allowed(url, undefined);
    for (let hop = 0; ; hop++) {
      let response: Response;
      try {
        response = await this.fetch(current, {
          headers: { authorization: `Bearer ${this.botToken}` },
          redirect: 'manual',
          signal,
        });
      } catch (error) {
        throw this.failed(error, signal);
      }
      if (REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel().catch(() => {});
        const location = response.headers.get('location');
        if (!location || hop >= MAX_REDIRECTS) {
          throw new UpstreamRejectedError(
            `Slack redirected the file download ${location ? `more than ${MAX_REDIRECTS} times` : 'without saying where'}; share the file again.`,
          );
        }
        current = this.allowed(new URL(location, current).href, current);
        continue;
      }
      if (response.ok) return response;
      await response.body?.cancel().catch(() => {});
      throw statusError(response.status);
    }
  }

  /** `url` when its origin is allowed; otherwise nothing is sent there. */
  private allowed(url: string, from: string | undefined): string {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      throw new UpstreamRejectedError(`Slack gave a file address tune cannot read: ${url.slice(0, 200)}`);
    }
    if (this.allowedOrigins.has(origin)) return url;
    const allowed = [...this.allowedOrigins].join(', ');
    throw new UpstreamRejectedError(
      from === undefined
        ? `tune downloads files only from Slack (${allowed}), not from ${origin}.`
        : `The file download was redirected to ${origin}, which is not Slack (${allowed}); tune did not follow it.`,
    );
  }

  /** The body, failing once it passes `maxBytes` or the deadline. */
  private async *guarded(body: ReadableStream<Uint8Array>, signal: AbortSignal): AsyncGenerator<Uint8Array> {
    let bytes = 0;
    try {
      for await (const chunk of body) {
        bytes += chunk.byteLength;
        if (bytes > this.maxBytes) throw this.tooLarge();
        yield chunk;
      }
    } catch (error) {
      if (error instanceof InputError) {
        await body.cancel().catch(() => {});
        throw error;
      }
      throw this.failed(error, signal);
    }
  }

  private tooLarge(): InputError {
    return new InputError(
      `The file is larger than ${formatBytes(this.maxBytes)}, more than any model accepts: split it into several datasets.`,
      { field: 'file' },
    );
  }

  private failed(error: unknown, signal: AbortSignal): TuneError {
    if (signal.aborted) {
      return new UpstreamUnavailableError(
        `Slack did not deliver the file within ${this.timeoutMs / 1000} s.`,
        { cause: error },
      );
    }
    return new UpstreamUnavailableError(`Could not download the file from Slack: ${String(error)}`, {
      cause: error,
    });
  }
}

/** 403 and 404 will not change by retrying; say what to do instead. 429 and 5xx may pass. */
function statusError(status: number): TuneError {
  if (status === 403) {
    return new UpstreamRejectedError(
      'Slack refused the file download (HTTP 403): tune may not read this file. Check that tune is a member of the channel and was installed with files:read, then share the file again.',
    );
  }
  if (status === 404) {
    return new UpstreamRejectedError(
      'Slack no longer has this file (HTTP 404): it was probably deleted. Share it again.',
    );
  }
  if (status === 429) return new ThrottledError('Slack rate-limited the file download (HTTP 429).');
  if (status >= 500)
    return new UpstreamUnavailableError(`Slack answered HTTP ${status} to the file download.`);
  return new UpstreamRejectedError(`Slack refused the file download (HTTP ${status}); share the file again.`);
}
