/**
 * The "Check again with these columns" button carries what to re-check: the file (a Slack file id
 * or an upload's key), the options to check it with, and the channel and thread to answer in. The
 * edge hands it to the worker as a dataset check without reading anything, so the value is signed
 * like the start form's metadata (./form-metadata.ts): a crafted press cannot make tune read a file
 * of another channel and describe it here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { datasetTaskSchema } from './tasks.js';

const recheckSchema = z.object({
  channelId: z.string(),
  threadTs: z.string().optional(),
  file: datasetTaskSchema.shape.file,
  text: z.string(),
});

export type Recheck = z.infer<typeof recheckSchema>;

/** Slack's limit on a button's value. */
const VALUE_LIMIT = 2000;

function macOf(key: string, payload: string): string {
  return createHmac('sha256', key).update(`tune dataset recheck v1\n${payload}`).digest('base64url');
}

/** The button's value, or undefined when it would not fit in one (then no button is shown). */
export function signRecheck(key: string, recheck: Recheck): string | undefined {
  const payload = JSON.stringify(recheck);
  const value = JSON.stringify({ payload, mac: macOf(key, payload) });
  return value.length <= VALUE_LIMIT ? value : undefined;
}

/** The re-check a value asks for, or undefined when it is not ours, was altered, or comes from another channel. */
export function readRecheck(key: string, raw: string, channelId: string): Recheck | undefined {
  const envelope = z.object({ payload: z.string(), mac: z.string() });
  let parsed: z.infer<typeof envelope>;
  let recheck: Recheck;
  try {
    const outer = envelope.safeParse(JSON.parse(raw));
    if (!outer.success) return undefined;
    parsed = outer.data;
    const inner = recheckSchema.safeParse(JSON.parse(parsed.payload));
    if (!inner.success) return undefined;
    recheck = inner.data;
  } catch {
    return undefined;
  }
  const expected = Buffer.from(macOf(key, parsed.payload));
  const given = Buffer.from(parsed.mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return recheck.channelId === channelId ? recheck : undefined;
}
