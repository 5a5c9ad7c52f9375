import { describe, expect, it } from 'vitest';
import { NotAuthorizedError } from '../../../src/core/errors.js';
import { userMessageFor } from '../../../src/slack/error-messages.js';

describe('a refusal in Slack', () => {
  it('mentions the group allowed, once, after what was refused', () => {
    const plain = new NotAuthorizedError(
      'Only the people your workspace admin allowed can start paid jobs.',
      {
        usergroupId: 'S0TUNEADMINS',
      },
    );
    const explained = new NotAuthorizedError(
      'Only the people your workspace admin allowed can evaluate tuned models (it deploys them).',
      { usergroupId: 'S0TUNEADMINS' },
    );

    expect(userMessageFor(plain)).toBe(
      ':no_entry: Only the people your workspace admin allowed can start paid jobs (ask <!subteam^S0TUNEADMINS>).',
    );
    expect(userMessageFor(explained)).toBe(
      ':no_entry: Only the people your workspace admin allowed can evaluate tuned models (it deploys them); ask <!subteam^S0TUNEADMINS>.',
    );
  });

  it('puts nothing but a Slack group id into a mention', () => {
    const crafted = new NotAuthorizedError(
      'Only the people your workspace admin allowed can start paid jobs.',
      {
        usergroupId: 'S1|<!channel>',
      },
    );

    expect(userMessageFor(crafted)).not.toContain('subteam');
  });
});
