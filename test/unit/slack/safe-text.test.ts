import { describe, expect, it } from 'vitest';
import { AccessDeniedError, InputError } from '../../../src/core/errors.js';
import type { Job } from '../../../src/core/jobs/job.js';
import { checkMessageBlocks, checkView } from '../../../src/local/slack-sandbox/block-kit-rules.js';
import { homeView } from '../../../src/slack/blocks/home.js';
import { jobCard, jobUpdateMessage } from '../../../src/slack/blocks/job-card.js';
import { datasetListMessage, jobListMessage } from '../../../src/slack/blocks/lists.js';
import { clip, code, LIMITS, maskAccountIds, mrkdwn, plain } from '../../../src/slack/blocks/safe-text.js';
import { userMessageFor } from '../../../src/slack/error-messages.js';
import { maskOutgoing } from '../../../src/slack/outgoing.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { inProgressJob } from '../core/jobs-fixture.js';

describe('mrkdwn: a string a person supplied, inside mrkdwn', () => {
  it('escapes &, < and > so nothing pings, links or decodes', () => {
    expect(mrkdwn('<!channel> R&D <https://evil.example|payroll>')).toBe(
      '&lt;!channel&gt; R&amp;D &lt;https://evil.example|payroll&gt;',
    );
  });

  it('clips after escaping, so the result fits, without leaving half an entity', () => {
    const clipped = mrkdwn(`${'a'.repeat(10)}&&&&`, 14);
    expect(clipped.length).toBeLessThanOrEqual(14);
    expect(clipped).toBe(`${'a'.repeat(10)}…`);
  });

  it('keeps code spans whole: a backtick cannot end them early', () => {
    expect(code('a`b <x>')).toBe('aˋb &lt;x&gt;');
  });
});

describe('clip', () => {
  it('leaves short text alone and ends long text with an ellipsis within the limit', () => {
    expect(clip('short', 10)).toBe('short');
    expect(clip('abcdefghij', 5)).toBe('abcd…');
  });

  it('never splits a surrogate pair, an entity or one of the bot’s own mentions', () => {
    expect(clip('ab😀cd', 4)).toBe('ab…');
    expect(clip('hello &amp; more', 10)).toBe('hello …');
    expect(clip('see <@U0ALICE> now', 10)).toBe('see …');
  });

  it('plain clips plain text to its limit', () => {
    expect(plain('x'.repeat(100), LIMITS.optionText)).toHaveLength(75);
  });
});

describe('maskAccountIds', () => {
  it('masks the account of every ARN and free-standing 12-digit ids, keeping the last 4 digits', () => {
    const text =
      'User: arn:aws:sts::123456789012:assumed-role/tune-worker/x is not authorized on arn:aws-us-gov:iam::210987654321:role/r; account 111122223333.';
    expect(maskAccountIds(text)).toBe(
      'User: arn:aws:sts::••••••••9012:assumed-role/tune-worker/x is not authorized on arn:aws-us-gov:iam::••••••••4321:role/r; account ••••••••3333.',
    );
  });

  it('masks ARNs in code spans but leaves other code alone (dataset ids, commands)', () => {
    expect(
      maskAccountIds('`arn:aws:bedrock:us-west-2:123456789012:custom-model/x` `/tune start 384729104823`'),
    ).toBe('`arn:aws:bedrock:us-west-2:••••••••9012:custom-model/x` `/tune start 384729104823`');
  });

  it('is idempotent and leaves longer numbers and Slack timestamps alone', () => {
    const once = maskAccountIds('id 123456789012, ts 1712345678.000100, big 1234567890123');
    expect(maskAccountIds(once)).toBe(once);
    expect(once).toBe('id ••••••••9012, ts 1712345678.000100, big 1234567890123');
  });
});

describe('maskOutgoing', () => {
  it('masks what people read and leaves ids, values and metadata as the bot needs them', () => {
    const payload = {
      text: 'arn:aws:iam::123456789012:role/x',
      blocks: [
        {
          type: 'actions',
          block_id: 'b 123456789012',
          elements: [
            {
              type: 'button',
              action_id: 'a',
              value: '123456789012',
              text: { type: 'plain_text', text: 'acct 123456789012' },
            },
          ],
        },
      ],
    };
    const masked: string[] = [];

    const out = maskOutgoing(payload, (original) => masked.push(original));

    expect(out.text).toBe('arn:aws:iam::••••••••9012:role/x');
    expect(out.blocks[0]?.block_id).toBe('b 123456789012');
    expect(out.blocks[0]?.elements[0]?.value).toBe('123456789012');
    expect(out.blocks[0]?.elements[0]?.text.text).toBe('acct ••••••••9012');
    expect(masked).toEqual(['arn:aws:iam::123456789012:role/x', 'acct 123456789012']);
    expect(payload.text).toContain('123456789012');
  });
});

describe('the one error mapper', () => {
  it('escapes and masks what it shows, and logs the whole text', () => {
    const logger = new RecordingLogger();
    const shown = userMessageFor(
      new AccessDeniedError('User: arn:aws:sts::123456789012:assumed-role/w is not authorized <!channel>'),
      logger,
    );
    expect(shown).toContain('arn:aws:sts::••••••••9012:assumed-role/w');
    expect(shown).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(logger.entries)).toContain('arn:aws:sts::123456789012');
  });

  it('clips a message too long for a section', () => {
    expect(userMessageFor(new InputError('x'.repeat(10_000))).length).toBeLessThanOrEqual(LIMITS.sectionText);
  });
});

describe('builders with hostile strings', () => {
  const long = `<!channel> ${'n'.repeat(3000)}`;
  const now = new Date('2026-11-26T12:00:00.000Z');

  function failed(): Job {
    return {
      ...inProgressJob({ jobId: 'hostile' }),
      status: 'Failed',
      datasetName: long,
      failureMessage: `User: arn:aws:sts::123456789012:assumed-role/w is not authorized ${'x'.repeat(5000)}`,
      endedAt: '2026-11-26T12:00:00.000Z',
      transitions: [{ version: 2, from: 'InProgress', to: 'Failed', at: '2026-11-26T12:00:00.000Z' }],
    } as Job;
  }

  it('fit Block Kit, ping nothing, and leak no account once masked on the way out', () => {
    const job = failed();
    const entry = {
      datasetId: '384729104823',
      teamId: 'T',
      channelId: 'C',
      userId: 'U',
      name: long,
      key: 'k',
      reportKey: 'r',
      customizationType: 'FINE_TUNING' as const,
      format: 'prompt-completion',
      modelId: 'amazon.titan-text-lite-v1:0:4k',
      valid: true,
      records: 1,
      bytes: 1,
      tokens: { total: 1, max: 1, p95: 1, exact: false },
      errorCount: 0,
      warningCount: 0,
      estimatedCostUsd: 0,
      epochs: 1,
      source: 'slack-file' as const,
      createdAt: '2026-11-26T12:00:00.000Z',
    };
    for (const message of [
      jobCard(job, now),
      jobUpdateMessage(job, { version: 2, from: 'InProgress', to: 'Failed', at: now.toISOString() }, now),
      jobListMessage([job], now),
      datasetListMessage([entry]),
    ]) {
      expect(checkMessageBlocks(message.blocks)).toEqual([]);
      const shown = JSON.stringify(maskOutgoing(message));
      expect(shown).not.toContain('<!channel>');
      expect(shown).not.toContain('123456789012');
    }
    expect(JSON.stringify(datasetListMessage([entry]))).toContain('`384729104823`');
    const tuned = {
      ...inProgressJob({ jobId: 'tuned', customModelName: 'support-bot' }),
      status: 'Completed',
      customModelArn: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/amazon.titan/abc',
      endedAt: '2026-11-26T12:00:00.000Z',
    } as Job;
    const home = homeView([tuned, job], now);
    expect(checkView(home, 'home')).toEqual([]);
    expect(JSON.stringify(home)).toContain('custom-model/amazon.titan/abc');
    expect(JSON.stringify(maskOutgoing(home))).not.toContain('111122223333');
  });
});
