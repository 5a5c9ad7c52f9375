/**
 * What a signed request's body must look like before Bolt's receiver reads it. The receiver picks
 * its parser by an exact Content-Type match and lets a parse failure escape as an exception (a
 * 500), so a valid signed request replayed with another Content-Type, or a form whose `payload` is
 * not JSON, would crash the function. Here the media type is read loosely (any letter case,
 * parameters such as `charset` ignored), the body is parsed once without throwing, and anything
 * Slack would not send gets a clean 4xx.
 */
import * as z from 'zod';

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

export type BodyCheck =
  | { ok: true; contentType: typeof FORM | typeof JSON_TYPE }
  | { ok: false; statusCode: 400 | 415; reason: string };

/** Events API envelopes and interaction payloads all carry a `type`. */
const typedSchema = z.object({ type: z.string().min(1) });
/** Slash commands post form fields; Slack's SSL check posts `ssl_check=1`. */
const formSchema = z.union([z.object({ command: z.string().min(1) }), z.object({ ssl_check: z.string() })]);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function checkRequestBody(rawBody: string, contentType: string | undefined): BodyCheck {
  const media = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (media === FORM) {
    const fields = new URLSearchParams(rawBody);
    const payload = fields.get('payload');
    const readable =
      payload === null
        ? formSchema.safeParse(Object.fromEntries(fields)).success
        : typedSchema.safeParse(parseJson(payload)).success;
    return readable
      ? { ok: true, contentType: FORM }
      : { ok: false, statusCode: 400, reason: 'a form body that is neither a command nor a JSON payload' };
  }
  if (media === JSON_TYPE) {
    return typedSchema.safeParse(parseJson(rawBody)).success
      ? { ok: true, contentType: JSON_TYPE }
      : { ok: false, statusCode: 400, reason: 'a JSON body that is not a Slack event' };
  }
  return { ok: false, statusCode: 415, reason: `content type "${contentType ?? ''}"` };
}
