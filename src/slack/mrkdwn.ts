/**
 * Putting text someone else wrote (dataset records, model answers) into Slack `mrkdwn`.
 *
 * Slack reads `&`, `<` and `>` as control characters in mrkdwn: `<!channel>` pings a channel and
 * `<https://…|label>` makes a link, so they must be sent as `&amp;`, `&lt;` and `&gt;`
 * (docs.slack.dev, "Formatting text for app surfaces", escaping). Slack also rejects a section
 * text over 3,000 characters, so clipping happens after escaping and never cuts an entity in two.
 */

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `text` escaped and cut to at most `max` characters (the ellipsis included), on a code point
 * boundary and never inside `&amp;`, `&lt;` or `&gt;`.
 */
export function escapeAndClip(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  if (max < 1) return '';
  let cut = max - 1;
  const ampersand = escaped.lastIndexOf('&', cut - 1);
  // An entity is at most 5 characters: if one starts within reach and is not closed before the
  // cut, cut before it.
  if (ampersand >= 0 && cut - ampersand < 5 && !escaped.slice(ampersand, cut).includes(';')) cut = ampersand;
  // Do not split a surrogate pair (an emoji or a rare CJK character) in half.
  const code = escaped.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${escaped.slice(0, cut)}…`;
}
