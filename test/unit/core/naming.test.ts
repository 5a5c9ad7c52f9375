import { describe, expect, it } from 'vitest';
import {
  clientRequestTokenFor,
  jobNameFor,
  sanitizeCustomModelName,
  shortId,
} from '../../../src/core/jobs/naming.js';

const JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9+\-.])*$/;
const MODEL_NAME = /^([0-9a-zA-Z][_-]?){1,63}$/;
const TOKEN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

describe('Bedrock names', () => {
  it('turns what a person typed into a custom model name Bedrock accepts', () => {
    for (const typed of ['Support Bot v1.2', '--weird__name--', 'Ünïcode ✨ model', 'a'.repeat(200)]) {
      const name = sanitizeCustomModelName(typed, 'fallback');
      expect(name).toMatch(MODEL_NAME);
      expect(name.length).toBeLessThanOrEqual(63);
    }
    expect(sanitizeCustomModelName('Support Bot v1.2', 'x')).toBe('support-bot-v1-2');
    expect(sanitizeCustomModelName('✨✨', 'dataset-model')).toBe('dataset-model');
  });

  it('builds job names within 63 characters that keep the id', () => {
    const name = jobNameFor('x'.repeat(80), 'abc123def0');
    expect(name).toMatch(JOB_NAME);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name.endsWith('-abc123def0')).toBe(true);
  });

  it('derives the same valid client request token from the same confirmation, and a different one otherwise', () => {
    const token = clientRequestTokenFor('1712345678.123456-U1');
    expect(token).toMatch(TOKEN);
    expect(clientRequestTokenFor('1712345678.123456-U1')).toBe(token);
    expect(clientRequestTokenFor('1712345678.123457-U1')).not.toBe(token);
    expect(shortId('seed')).toMatch(/^[0-9a-f]{10}$/);
  });
});
