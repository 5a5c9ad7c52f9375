import { describe, expect, it } from 'vitest';
import {
  JobStateConflictError,
  NotFoundError,
  QuotaExceededError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from '../../../src/core/errors.js';
import { type Job, transitioned } from '../../../src/core/jobs/job.js';
import type { Proposal } from '../../../src/core/jobs/proposal.js';
import { jobIdFor, type StartDependencies, startJob } from '../../../src/core/jobs/start.js';
import { FixedClock } from '../../fakes/clock.js';
import { ScriptedCustomizer } from '../../fakes/customizer.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { InMemoryIdempotencyStore, InMemoryJobStore, InMemoryProposalStore } from '../../fakes/stores.js';

function proposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    proposalId: 'p1',
    status: 'confirmed',
    teamId: 'T1',
    channelId: 'C1',
    userId: 'U1',
    confirmedBy: 'U2',
    createdAt: '2026-11-26T12:00:00.000Z',
    dataset: {
      datasetId: 'd1',
      name: 'train.jsonl',
      key: 'datasets/T1/C1/d1.jsonl',
      records: 10,
      tokens: 500,
      exactTokens: false,
    },
    modelId: 'amazon.titan-text-lite-v1:0:4k',
    modelName: 'Titan Text G1 - Lite',
    legacyModel: false,
    customizationType: 'FINE_TUNING',
    customModelName: 'support-bot',
    hyperParameters: { epochCount: '2', batchSize: '1', learningRate: '0.00001' },
    estimate: { billedTokens: 1000, usd: 0.0004, low: 0.0003, high: 0.0004, notes: [] },
    ...overrides,
  };
}

async function setup(stored: Proposal = proposal()) {
  const jobs = new InMemoryJobStore();
  const proposals = new InMemoryProposalStore();
  await proposals.create(stored);
  const customizer = new ScriptedCustomizer();
  const cards: Job[] = [];
  const announced: Job[] = [];
  const changes: string[] = [];
  const dependencies: StartDependencies = {
    jobs,
    idempotency: new InMemoryIdempotencyStore(new FixedClock()),
    proposals,
    customizer,
    clock: new FixedClock(),
    logger: new RecordingLogger(),
    roleArn: 'arn:aws:iam::111122223333:role/bedrock',
    uri: (key) => `s3://bucket/${key}`,
    postCard: async (job) => {
      cards.push(job);
      return `1700000000.00000${cards.length}`;
    },
    announce: async (job, transition) => {
      announced.push(job);
      changes.push(`${transition.from}->${transition.to}`);
    },
  };
  return { jobs, customizer, cards, announced, changes, dependencies };
}

describe('startJob', () => {
  it('posts the card, creates the Bedrock job with strings, tags and the derived token, and records it as training', async () => {
    const { customizer, cards, announced, dependencies } = await setup();

    const job = await startJob('p1', dependencies);

    expect(cards).toHaveLength(1);
    expect(job).toMatchObject({
      status: 'InProgress',
      place: { messageTs: '1700000000.000001', userId: 'U1' },
      confirmedBy: 'U2',
    });
    expect(customizer.creations[0]).toMatchObject({
      baseModelIdentifier: 'amazon.titan-text-lite-v1:0:4k',
      customizationType: 'FINE_TUNING',
      trainingDataUri: 's3://bucket/datasets/T1/C1/d1.jsonl',
      outputDataUri: `s3://bucket/outputs/${jobIdFor('p1')}/`,
      hyperParameters: { epochCount: '2', batchSize: '1', learningRate: '0.00001' },
      tags: { 'tune:team': 'T1', 'tune:channel': 'C1', 'tune:user': 'U2' },
    });
    expect(customizer.creations[0]?.clientRequestToken).toMatch(/^[a-f0-9]{64}$/);
    expect(announced.map((entry) => entry.status)).toEqual(['InProgress']);
  });

  it('creates one Bedrock job and one card however often it is retried', async () => {
    const { customizer, cards, dependencies } = await setup();
    customizer.createJobErrors.push(new UpstreamUnavailableError('Bedrock 500'));

    await expect(startJob('p1', dependencies)).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await startJob('p1', dependencies);
    await startJob('p1', dependencies);

    expect(customizer.creations).toHaveLength(1);
    expect(cards).toHaveLength(1);
  });

  it('fails the job with what to do when Bedrock refuses it for the concurrency quota', async () => {
    const { customizer, announced, dependencies } = await setup();
    customizer.createJobErrors.push(new QuotaExceededError('ServiceQuotaExceededException: too many jobs'));

    const job = await startJob('p1', dependencies);

    expect(job.status).toBe('Failed');
    expect(job.status === 'Failed' ? job.failureMessage : '').toContain(
      'at most 2 customization jobs at once',
    );
    expect(announced.map((entry) => entry.status)).toEqual(['Failed']);
  });

  it('explains a role Bedrock cannot assume', async () => {
    const { customizer, dependencies } = await setup();
    customizer.createJobErrors.push(new UpstreamRejectedError('Could not assume provided IAM role.'));
    const job = await startJob('p1', dependencies);
    expect(job.status === 'Failed' ? job.failureMessage : '').toContain(
      'trust policy must allow bedrock.amazonaws.com',
    );
  });

  it('refuses a proposal nobody confirmed', async () => {
    const { customizer, dependencies } = await setup(
      proposal({ status: 'proposed', confirmedBy: undefined }),
    );
    await expect(startJob('p1', dependencies)).rejects.toThrow(/not confirmed/);
    expect(customizer.creations).toHaveLength(0);
  });
});

describe('startJob names', () => {
  it('gives two jobs from the same long-named proposal text different custom model names', async () => {
    const long = 'customer-support-faq-answers-from-the-knowledge-base-export-v2-titan-text-lite';
    const first = await setup(proposal({ proposalId: 'p1', customModelName: long.slice(0, 63) }));
    const second = await setup(proposal({ proposalId: 'p2', customModelName: long.slice(0, 63) }));

    const a = await startJob('p1', first.dependencies);
    const b = await startJob('p2', second.dependencies);

    expect(a.customModelName).not.toBe(b.customModelName);
    for (const name of [a.customModelName, b.customModelName]) {
      expect(name).toMatch(/^([0-9a-zA-Z][_-]?){1,63}$/);
      expect(name.length).toBeLessThanOrEqual(63);
    }
  });

  it('creates nothing on Bedrock when the watch gave up on the job just before the worker got to it', async () => {
    const { jobs, customizer, dependencies } = await setup();
    // A first delivery posted the card and died; the job waits in Starting with its card.
    await expect(
      startJob('p1', {
        ...dependencies,
        customizer: Object.assign(Object.create(customizer), {
          createJob: async () => {
            throw new UpstreamUnavailableError('the worker was killed');
          },
        }),
      }),
    ).rejects.toThrow();
    // The watch's Starting timeout fires after the next delivery read the job, before it calls Bedrock.
    const read = jobs.get.bind(jobs);
    const giveUpAfterRead: StartDependencies = {
      ...dependencies,
      jobs: Object.assign(Object.create(jobs), {
        get: async (jobId: string) => {
          const job = await read(jobId);
          if (job?.status === 'Starting') {
            await jobs.transition(
              transitioned(
                job,
                { ...job, status: 'Failed', failureMessage: 'gave up', endedAt: 'x' },
                new Date(),
              ),
              'Starting',
            );
          }
          return job;
        },
      }),
    };

    await expect(startJob('p1', giveUpAfterRead)).rejects.toBeInstanceOf(JobStateConflictError);
    expect(customizer.creations).toHaveLength(0);
  });

  it('follows a job again when Bedrock accepted it after the watch had given up on it', async () => {
    const { jobs, customizer, changes, dependencies } = await setup();
    const lateCreate: StartDependencies = {
      ...dependencies,
      customizer: Object.assign(Object.create(customizer), {
        createJob: async (request: Parameters<typeof customizer.createJob>[0]) => {
          // The create call outlives the Starting timeout: the watch fails the job meanwhile.
          const stored = await jobs.get(jobIdFor('p1'));
          if (stored?.status === 'Starting') {
            await jobs.transition(
              transitioned(
                stored,
                { ...stored, status: 'Failed', failureMessage: 'never received', endedAt: 'x' },
                new Date(),
              ),
              'Starting',
            );
          }
          return customizer.createJob(request);
        },
      }),
    };

    const job = await startJob('p1', lateCreate);

    expect(job).toMatchObject({
      status: 'InProgress',
      jobArn: expect.stringContaining('model-customization-job'),
    });
    expect((await jobs.get(job.jobId))?.status).toBe('InProgress');
    expect(changes).toContain('Failed->InProgress');
  });

  it('reads the offered models again when Bedrock refuses the job for its model, and only then', async () => {
    const retired = await setup();
    let refreshed = 0;
    retired.customizer.createJobErrors.push(
      new NotFoundError('This model version has reached the end of its life.'),
    );
    await startJob('p1', {
      ...retired.dependencies,
      modelRefused: async () => {
        refreshed++;
      },
    });
    const busy = await setup();
    busy.customizer.createJobErrors.push(new QuotaExceededError('ServiceQuotaExceededException'));
    await startJob('p1', {
      ...busy.dependencies,
      modelRefused: async () => {
        refreshed += 10;
      },
    });

    expect(refreshed).toBe(1);
  });
});
