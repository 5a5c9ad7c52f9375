/**
 * Text that is safe to show in Slack. Three dangers, one helper each:
 *
 * - mrkdwn syntax: in mrkdwn `<` opens a link or a mention (`<!channel>` pings everyone,
 *   `<https://evil.example|payroll>` disguises a link) and `&` an entity. Every string a person or
 *   AWS supplied (file, dataset and model names, validation messages quoting the data, error
 *   texts) goes through `mrkdwn` (or `code` inside backticks) where it is put into mrkdwn. It is
 *   done string by string: escaping a whole message would break the bot's own links and mentions.
 *   `plain_text` objects are shown as typed, so `plain` only clips.
 * - length: Block Kit refuses the whole message (`invalid_blocks`) when one text is over its
 *   limit (`LIMITS`, from https://api.slack.com/reference/block-kit), so user strings are clipped
 *   to their place, and composed texts with `clip` as the last step.
 * - AWS account ids: ARNs and AWS's error texts carry them. `maskAccountIds` keeps the last four
 *   digits; the notifier and the Slack edge apply it to everything sent (./outgoing.ts), so no
 *   path can forget, while the logs keep the whole text.
 */

/** Block Kit's length limits for the texts tune fills, and tune's own budgets for user strings. */
export const LIMITS = {
  sectionText: 3000,
  field: 2000,
  contextText: 3000,
  header: 150,
  buttonText: 75,
  optionText: 75,
  modalTitle: 24,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  label: 2000,
  hint: 2000,
  placeholder: 150,
  /** A name (file, dataset, model) inside a sentence: enough to recognise it, and the sentence still fits. */
  name: 150,
  /** A message that quotes a person's data, or AWS's words. */
  message: 2000,
} as const;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** `&`, `<` and `>` as entities: the three characters Slack asks apps to escape in mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (character) => ENTITIES[character] ?? character);
}

/**
 * `text` cut to at most `limit` characters, ending in `…` when cut. The cut never falls between
 * the halves of a surrogate pair, inside an entity (`&amp;`), or inside a link or mention of the
 * bot's own (`<@U123>`): user text has no `<` left once escaped, so any `<` is the bot's.
 */
export function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = Math.max(0, limit - 1);
  const before = text.charCodeAt(end - 1);
  if (before >= 0xd800 && before <= 0xdbff) end--;
  const open = text.lastIndexOf('<', end - 1);
  if (open !== -1) {
    const close = text.indexOf('>', open);
    if (close === -1 || close >= end) end = open;
  }
  const entity = text.lastIndexOf('&', end - 1);
  if (entity !== -1 && end - entity < 6) {
    const semicolon = text.indexOf(';', entity);
    if (semicolon === -1 || semicolon >= end) end = entity;
  }
  return `${text.slice(0, end)}…`;
}

/** A user string for mrkdwn: escaped, then clipped to `limit` (escaping first, so the result fits). */
export function mrkdwn(userText: string, limit: number = LIMITS.name): string {
  return clip(escapeMrkdwn(userText), limit);
}

/**
 * A user string inside a mrkdwn code span: escaped too (Slack decodes entities there), and a
 * backtick, which would end the span early, shown as a look-alike (ˋ).
 */
export function code(userText: string, limit: number = LIMITS.name): string {
  return mrkdwn(userText.replace(/`/g, 'ˋ'), limit);
}

/** A user string for a `plain_text` object: shown as typed, so only clipped. */
export function plain(userText: string, limit: number): string {
  return clip(userText, limit);
}

/** The account field of an ARN (`arn:aws:iam::123456789012:role/x`), in any partition. */
const ARN_ACCOUNT = /(arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:)(\d{12})(?=:)/gi;
/** A free-standing 12-digit number, as AWS's texts name accounts ("account 123456789012"). */
const LONE_ACCOUNT = /\b\d{12}\b/g;
/** Code spans and blocks: the bot's own ids and commands live there (a dataset id may be 12 digits). */
const CODE = /(```[\s\S]*?```|`[^`\n]*`)/;

function masked(account: string): string {
  return `••••••••${account.slice(-4)}`;
}

/**
 * `text` with every AWS account id masked to its last four digits: the account of any ARN, and
 * free-standing 12-digit numbers outside code spans (inside them only ARNs are masked, so a
 * 12-digit dataset id in `/tune start 384729104823` survives). Idempotent.
 */
export function maskAccountIds(text: string): string {
  const arnsMasked = text.replace(
    ARN_ACCOUNT,
    (_match, prefix: string, account: string) => prefix + masked(account),
  );
  if (!/\d{12}/.test(arnsMasked)) return arnsMasked;
  return arnsMasked
    .split(CODE)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(LONE_ACCOUNT, masked)))
    .join('');
}
