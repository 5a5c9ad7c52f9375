import { describe, expect, it } from 'vitest';
import { UpstreamUnavailableError } from '../../../src/core/errors.js';
import { type AnnounceDependencies, announceOwed } from '../../../src/core/jobs/announce.js';
import { type Job, transitioned } from '../../../src/core/jobs/job.js';
import { FixedClock } from '../../fakes/clock.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { InMemoryIdempotencyStore, InMemoryJobStore } from '../../fakes/stores.js';
import { inProgressJob } from './jobs-fixture.js';

async function completedJob(jobs: InMemoryJobStore): Promise<Job> {
  const job = inProgressJob();
  await jobs.create(job);
  const completed = transitioned(
    job,
    { ...job, status: 'Completed', endedAt: '2026-11-26T13:00:00.000Z' } as Job,
    new Date('2026-11-26T13:00:00Z'),
  );
  return jobs.transition(completed, 'InProgress');
}

function setup() {
  const clock = new FixedClock('2026-11-26T13:00:00.000Z');
  const jobs = new InMemoryJobStore();
  const posts: string[] = [];
  const handedOn: string[] = [];
  let failFollowUps = 0;
  const dependencies: AnnounceDependencies = {
    jobs,
    idempotency: new InMemoryIdempotencyStore(clock),
    logger: new RecordingLogger(),
    announce: async (_job, transition) => {
      posts.push(`${transition.from}->${transition.to}`);
    },
    followUp: async (job, transition) => {
      if (failFollowUps > 0) {
        failFollowUps--;
        throw new UpstreamUnavailableError('the queue is unavailable');
      }
      handedOn.push(`${job.jobId}:${transition.to}`);
    },
  };
  return {
    jobs,
    posts,
    handedOn,
    dependencies,
    failNextFollowUps: (count: number) => {
      failFollowUps = count;
    },
  };
}

describe('announceOwed with work to hand on', () => {
  it('posts the change, then hands its work on, then records the announcement', async () => {
    // Prepare
    const { jobs, posts, handedOn, dependencies } = setup();
    const job = await completedJob(jobs);

    // Act
    const made = await announceOwed(job, dependencies);

    // Assess
    expect(made).toBe(1);
    expect(posts).toEqual(['InProgress->Completed']);
    expect(handedOn).toEqual([`${job.jobId}:Completed`]);
    expect((await jobs.get(job.jobId))?.announcedVersion).toBe(job.version);
  });

  it('keeps the announcement owed when the work cannot be handed on, and posts the line once', async () => {
    // Prepare
    const { jobs, posts, handedOn, dependencies, failNextFollowUps } = setup();
    const job = await completedJob(jobs);
    failNextFollowUps(1);

    // Act
    const first = await announceOwed(job, dependencies);
    const owed = await jobs.get(job.jobId);
    const second = await announceOwed(owed as Job, dependencies);

    // Assess
    expect(first).toBe(0);
    expect(owed?.announcedVersion).toBeLessThan(job.version);
    expect(second).toBe(1);
    expect(posts).toEqual(['InProgress->Completed']);
    expect(handedOn).toEqual([`${job.jobId}:Completed`]);
  });
});
