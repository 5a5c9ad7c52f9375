/**
 * The structural guarantee that no AWS account id reaches Slack: every payload tune sends is
 * masked on its way out, whichever builder made it. The notifier masks each message, view and
 * file it sends; the Slack edge masks its acknowledgements and, through `maskingFetch`, what Bolt's
 * client and `respond` send for the listeners. Only what people read is touched: ids, values,
 * URLs and metadata the bot needs back are left as they are. Escaping is not done here: it must
 * stay per string (./blocks/safe-text.ts), or the bot's own links and mentions would break.
 */
import { maskAccountIds } from './blocks/safe-text.js';

/** Fields people never read, which the bot or Slack need exactly as they are. */
const NOT_SHOWN = new Set([
  'action_id',
  'block_id',
  'callback_id',
  'challenge',
  'channel',
  'channel_id',
  'cursor',
  'external_id',
  'file',
  'hash',
  'id',
  'image_url',
  'latest',
  'length',
  'limit',
  'oldest',
  'private_metadata',
  'response_url',
  'team_id',
  'thread_ts',
  'token',
  'trigger_id',
  'ts',
  'url',
  'user',
  'user_id',
  'usergroup',
  'value',
  'view_id',
]);

function maskValue(value: unknown, onMasked: ((original: string) => void) | undefined): unknown {
  if (typeof value === 'string') {
    const safe = maskAccountIds(value);
    if (safe !== value) onMasked?.(value);
    return safe;
  }
  if (Array.isArray(value)) return value.map((item) => maskValue(item, onMasked));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        NOT_SHOWN.has(key) ? item : maskValue(item, onMasked),
      ]),
    );
  }
  return value;
}

/**
 * A copy of `payload` (a message, a view, an API call's arguments) with account ids masked in
 * every string people read. `onMasked` hears each original string that changed, for the logs.
 */
export function maskOutgoing<T>(payload: T, onMasked?: (original: string) => void): T {
  // The copy has the payload's own shape: only string contents change.
  return maskValue(payload, onMasked) as T;
}

function maskJson(text: string, onMasked?: (original: string) => void): string {
  try {
    return JSON.stringify(maskOutgoing(JSON.parse(text) as unknown, onMasked));
  } catch {
    return maskAccountIds(text);
  }
}

/**
 * A request or response body as Slack's clients and Bolt send them: JSON (`response_url`, acks),
 * or form fields whose nested values (`blocks`, `view`) are JSON (the Web API client).
 */
export function maskBody(body: string, onMasked?: (original: string) => void): string {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return maskJson(body, onMasked);
  if (!body.includes('=')) return maskAccountIds(body);
  const fields = new URLSearchParams(body);
  const masked = new URLSearchParams();
  for (const [key, value] of fields) {
    if (NOT_SHOWN.has(key)) masked.append(key, value);
    else if (value.startsWith('{') || value.startsWith('[')) masked.append(key, maskJson(value, onMasked));
    else masked.append(key, maskOutgoing(value, onMasked));
  }
  return masked.toString();
}

/**
 * A `fetch` for Slack clients (the Web API client, Bolt's `respond`) that masks account ids in
 * every text body it sends. Binary bodies (file contents) pass as they are.
 */
export function maskingFetch(
  inner: typeof fetch = fetch,
  onMasked?: (original: string) => void,
): typeof fetch {
  return (input, init) =>
    inner(input, typeof init?.body === 'string' ? { ...init, body: maskBody(init.body, onMasked) } : init);
}
