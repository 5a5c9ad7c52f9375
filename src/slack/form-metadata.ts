/**
 * The start form's `private_metadata` names the channel the job will be proposed in. Slack hands
 * it back untouched, but a request crafted with it (or a form opened by one app and submitted to
 * another) must not be able to aim a proposal at another channel: the metadata carries an HMAC of
 * its fields under a key derived from the signing secret, and is read only when the MAC matches
 * and the team and user are those of the request that submits it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

export interface FormOrigin {
  teamId: string;
  channelId: string;
  userId: string;
}

const metadataSchema = z.object({
  teamId: z.string(),
  channelId: z.string(),
  userId: z.string(),
  mac: z.string(),
});

/** A key for form metadata only, so the signing secret itself never signs our own data. */
export function formKeyFrom(signingSecret: string): string {
  return createHmac('sha256', signingSecret).update('tune form metadata v1').digest('hex');
}

function macOf(key: string, origin: FormOrigin): string {
  return createHmac('sha256', key)
    .update(`${origin.teamId}\n${origin.channelId}\n${origin.userId}`)
    .digest('base64url');
}

export function signFormMetadata(key: string, origin: FormOrigin): string {
  const { teamId, channelId, userId } = origin;
  return JSON.stringify({ teamId, channelId, userId, mac: macOf(key, origin) });
}

/**
 * The form's origin, or undefined when the metadata is not ours, was altered, or is submitted by
 * another team or person than the one it was opened for.
 */
export function readFormMetadata(
  key: string,
  raw: string,
  request: { teamId: string; userId: string },
): FormOrigin | undefined {
  let parsed: z.infer<typeof metadataSchema>;
  try {
    const result = metadataSchema.safeParse(JSON.parse(raw));
    if (!result.success) return undefined;
    parsed = result.data;
  } catch {
    return undefined;
  }
  const { mac, ...origin } = parsed;
  const expected = Buffer.from(macOf(key, origin));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  if (origin.teamId !== request.teamId || origin.userId !== request.userId) return undefined;
  return origin;
}
