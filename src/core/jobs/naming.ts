/**
 * Names and tokens Bedrock accepts (docs/bedrock-facts.md, "Names and tokens"):
 * - `jobName`: 1–63 characters of `[a-zA-Z0-9](-*[a-zA-Z0-9\+\-\.])*`;
 * - `customModelName`: 1–63 characters of `([0-9a-zA-Z][_-]?){1,63}`: no dots, no doubled `_`/`-`;
 * - `clientRequestToken`: `[a-zA-Z0-9](-*[a-zA-Z0-9])*`, so a Slack ts (with its dot) is not one.
 */
import { createHash } from 'node:crypto';

/** Lower-case letters, digits and single hyphens, trimmed to fit; empty when nothing is left. */
function slug(text: string, maxLength: number): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}

/** A custom model name from what a person typed, made acceptable; `fallback` when nothing usable remains. */
export function sanitizeCustomModelName(requested: string, fallback: string): string {
  const cleaned = slug(requested, 63);
  return cleaned.length > 0 ? cleaned : slug(fallback, 63);
}

/** `tune-<slug>-<id>`: readable in the console, unique through the id, at most 63 characters. */
export function jobNameFor(customModelName: string, jobId: string): string {
  const suffix = `-${jobId}`;
  const stem = slug(`tune-${customModelName}`, 63 - suffix.length);
  return `${stem}${suffix}`;
}

/**
 * The token Bedrock deduplicates CreateModelCustomizationJob on, derived from the confirmation so
 * that every retry of the same confirmation presents the same token and can never start a second
 * job (the SDK would otherwise fill in a fresh UUID on each call).
 */
export function clientRequestTokenFor(proposalId: string): string {
  return createHash('sha256').update(`tune-start:${proposalId}`).digest('hex').slice(0, 64);
}

/** A short id, safe in every Bedrock name, from a seed (deterministic) . */
export function shortId(seed: string, length = 10): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}
