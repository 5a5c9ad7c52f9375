import { describe, expect, it } from 'vitest';
import { formatUsd as cliFormat } from '../../../src/cli/commands/validate.js';
import { formatUsd, formatUsdRange } from '../../../src/core/money.js';
import { formatUsd as slackFormat } from '../../../src/slack/blocks/job-card.js';

describe('formatUsd', () => {
  it('writes cents and up with two decimals, fractions of a cent with four, and unknown as unknown', () => {
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(0.01)).toBe('$0.01');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0.00004)).toBe('under $0.0001');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(null)).toBe('unknown');
    expect(formatUsd(undefined)).toBe('unknown');
  });

  it('is the same function in Slack and in the CLI', () => {
    expect(cliFormat).toBe(formatUsd);
    expect(slackFormat).toBe(formatUsd);
  });

  it('writes a range as one amount when both ends look the same', () => {
    expect(formatUsdRange(0.0013, 0.002)).toBe('$0.0013 to $0.0020');
    expect(formatUsdRange(1.001, 1.004)).toBe('$1.00');
  });
});
