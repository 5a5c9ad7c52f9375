import { describe, expect, it } from 'vitest';
import { homeView } from '../../../src/slack/blocks/home.js';
import { jobListMessage } from '../../../src/slack/blocks/lists.js';
import { inProgressJob } from '../core/jobs-fixture.js';

describe('Block Kit limits', () => {
  const jobs = Array.from({ length: 120 }, (_, index) =>
    inProgressJob({
      jobId: `j${index}`,
      ...(index % 3 === 0 ? { status: 'Completed', endedAt: '2026-11-26T12:00:00.000Z' } : {}),
    }),
  );

  it('keeps the Home tab within 100 blocks however many jobs a person has', () => {
    const view = homeView(jobs, new Date('2026-11-26T13:00:00Z'));
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view)).toContain('Your models');
  });

  it('keeps /tune list within 50 blocks', () => {
    expect(jobListMessage(jobs, new Date()).blocks?.length).toBeLessThanOrEqual(50);
  });
});
