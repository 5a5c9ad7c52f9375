/**
 * Slack request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
 * `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret, compared in
 * constant time, and a timestamp within five minutes of now to stop replays. The raw body is the
 * bytes Slack sent: on API Gateway it may arrive base64-encoded (bolt-js#971), so callers decode
 * first and verify what they decoded.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing_signature' | 'missing_timestamp' | 'stale_timestamp' | 'bad_signature' };

export function signSlackRequest(signingSecret: string, timestamp: number | string, rawBody: string): string {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return `v0=${digest}`;
}

export function verifySlackSignature(input: {
  signingSecret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: string;
  nowSeconds: number;
}): SignatureCheck {
  if (!input.signature) return { ok: false, reason: 'missing_signature' };
  if (!input.timestamp || !/^\d+$/.test(input.timestamp)) return { ok: false, reason: 'missing_timestamp' };
  const timestamp = Number(input.timestamp);
  if (Math.abs(input.nowSeconds - timestamp) > SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, reason: 'stale_timestamp' };
  }
  // Signed over the header as sent: `0<timestamp>` reads as the same number but is not what Slack signed.
  const expected = Buffer.from(signSlackRequest(input.signingSecret, input.timestamp, input.rawBody), 'utf8');
  const given = Buffer.from(input.signature, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'bad_signature' };
  }
  return { ok: true };
}
