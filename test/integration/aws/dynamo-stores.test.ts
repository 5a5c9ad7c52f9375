import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoIdempotencyStore } from '../../../src/aws/dynamo-idempotency-store.js';
import { DynamoJobStore } from '../../../src/aws/dynamo-job-store.js';
import { ConflictError, JobStateConflictError } from '../../../src/core/errors.js';
import { type Job, touched, transitioned } from '../../../src/core/jobs/job.js';
import { FixedClock } from '../../fakes/clock.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';
import { inProgressJob } from '../../unit/core/jobs-fixture.js';

let aws: LocalAws;
let store: DynamoJobStore;

beforeAll(async () => {
  aws = await startLocalAws();
  store = new DynamoJobStore({ client: aws.clients.documents, tableName: aws.tableName });
});
afterAll(async () => {
  await aws.close();
});

function completed(job: Job): Job {
  return transitioned(
    job,
    { ...job, status: 'Completed', jobArn: job.jobArn ?? 'arn', endedAt: '2026-11-26T12:00:00.000Z' },
    new Date('2026-11-26T12:00:00.000Z'),
  );
}

describe('DynamoJobStore', () => {
  it('writes a job once and reads it back as it was', async () => {
    const job = inProgressJob({ jobId: 'create-1' });
    await store.create(job);
    await expect(store.create(job)).rejects.toBeInstanceOf(ConflictError);
    expect(await store.get('create-1')).toEqual(job);
    expect(await store.get('absent')).toBeUndefined();
  });

  it('applies a transition only from the expected status and version', async () => {
    const job = inProgressJob({ jobId: 'transition-1' });
    await store.create(job);

    await store.transition(completed(job), 'InProgress');

    await expect(store.transition(completed(job), 'InProgress')).rejects.toBeInstanceOf(
      JobStateConflictError,
    );
    expect((await store.get('transition-1'))?.status).toBe('Completed');
  });

  it('lists active jobs through the index, and drops a finished job once its end was announced', async () => {
    const place = { teamId: 'TA', channelId: 'CA', userId: 'UA' };
    await store.create(inProgressJob({ jobId: 'active-1', place }));
    const ending = inProgressJob({ jobId: 'active-2', place });
    await store.create(ending);
    await store.transition(completed(ending), 'InProgress');

    const owed = (await store.listActive()).map((job) => job.jobId);
    await store.markAnnounced(completed(ending), 2);
    const afterAnnouncement = (await store.listActive()).map((job) => job.jobId);

    expect(owed).toEqual(expect.arrayContaining(['active-1', 'active-2']));
    expect(afterAnnouncement).toContain('active-1');
    expect(afterAnnouncement).not.toContain('active-2');
  });

  it('marks an announcement made on a job that moved on meanwhile, keeping the newer change owed', async () => {
    const job = inProgressJob({ jobId: 'announce-1' });
    await store.create(job);
    const done = completed(job);
    await store.transition(done, 'InProgress');
    // Another run wrote a newer version (bookkeeping) after this run read `done`.
    await store.transition(touched(done, new Date()), 'Completed');

    const marked = await store.markAnnounced(done, 2);

    expect(marked).toMatchObject({ announcedVersion: 2, version: 3 });
    expect((await store.get('announce-1'))?.announcedVersion).toBe(2);
    expect((await store.listActive()).map((entry) => entry.jobId)).not.toContain('announce-1');
  });

  it('never lowers the announced version', async () => {
    const job = inProgressJob({ jobId: 'announce-2' });
    await store.create(job);
    const done = completed(job);
    await store.transition(done, 'InProgress');
    await store.markAnnounced(done, 2);
    expect((await store.markAnnounced(done, 1)).announcedVersion).toBe(2);
  });

  it('refuses a transition from the right status at the wrong version', async () => {
    const job = inProgressJob({ jobId: 'stale-version' });
    await store.create(job);
    await store.transition(touched(job, new Date()), 'InProgress');
    // Built from the first read: its status is still right, its version is not.
    await expect(store.transition(completed(job), 'InProgress')).rejects.toBeInstanceOf(
      JobStateConflictError,
    );
  });

  it('reads every page of a listing (DynamoDB answers 1 MB at a time)', async () => {
    const place = { teamId: 'TP', channelId: 'CP', userId: 'UP' };
    // ~40 KB each: 60 of them are more than two pages of a query.
    const padding = 'x'.repeat(40_000);
    for (let index = 0; index < 60; index++) {
      await store.create(inProgressJob({ jobId: `page-${index}`, place, datasetName: `${padding}${index}` }));
    }
    expect(await store.listByUser('TP', 'UP', 100)).toHaveLength(60);
  });

  it('lists a channel and a user newest first, up to the limit', async () => {
    const place = { teamId: 'TL', channelId: 'CL', userId: 'UL' };
    for (const [index, day] of ['01', '03', '02'].entries()) {
      await store.create(
        inProgressJob({ jobId: `list-${index}`, place, createdAt: `2026-11-${day}T00:00:00.000Z` }),
      );
    }
    await store.create(inProgressJob({ jobId: 'elsewhere', place: { ...place, channelId: 'C-other' } }));

    const channel = await store.listByChannel('TL', 'CL', 2);
    const user = await store.listByUser('TL', 'UL', 10);

    expect(channel.map((job) => job.createdAt.slice(0, 10))).toEqual(['2026-11-03', '2026-11-02']);
    expect(user).toHaveLength(4);
  });
});

describe('DynamoIdempotencyStore', () => {
  function newStore(clock = new FixedClock()) {
    return new DynamoIdempotencyStore({ client: aws.clients.documents, tableName: aws.tableName, clock });
  }

  it('gives a key to one holder, says it is held until the lease expires, then lets it be taken over', async () => {
    const clock = new FixedClock();
    const idempotency = newStore(clock);

    const first = await idempotency.acquire('k1', 60);
    const second = await idempotency.acquire('k1', 60);
    clock.advance(61_000);
    const takeover = await idempotency.acquire('k1', 60);

    expect(first.state).toBe('acquired');
    expect(second.state).toBe('held');
    expect(takeover.state).toBe('acquired');
  });

  it('remembers completed work for as long as asked, then forgets it', async () => {
    const clock = new FixedClock();
    const idempotency = newStore(clock);
    const taken = await idempotency.acquire('k2', 60);
    if (taken.state !== 'acquired') throw new Error('expected the key');
    await idempotency.complete(taken.lease, 3600);

    clock.advance(120_000);
    const later = await idempotency.acquire('k2', 60);
    clock.advance(3600_000);
    const muchLater = await idempotency.acquire('k2', 60);

    expect(later.state).toBe('completed');
    expect(muchLater.state).toBe('acquired');
  });

  it('lets only the holder release or complete: a run whose lease was taken over cannot undo the new claim', async () => {
    const clock = new FixedClock();
    const idempotency = newStore(clock);
    const stale = await idempotency.acquire('k3', 60);
    clock.advance(61_000);
    const current = await idempotency.acquire('k3', 60);
    if (stale.state !== 'acquired' || current.state !== 'acquired') throw new Error('expected both');

    await idempotency.release(stale.lease);
    const afterStaleRelease = await idempotency.acquire('k3', 60);
    await idempotency.complete(stale.lease, 3600);
    await idempotency.release(current.lease);
    const afterRelease = await idempotency.acquire('k3', 60);

    expect(afterStaleRelease.state).toBe('held');
    expect(afterRelease.state).toBe('acquired');
  });

  it('lets exactly one of many concurrent acquisitions win', async () => {
    const idempotency = newStore();
    const results = await Promise.all(Array.from({ length: 10 }, () => idempotency.acquire('race', 60)));
    expect(results.filter((result) => result.state === 'acquired')).toHaveLength(1);
  });
});

describe('DynamoJobStore with an unreadable record', () => {
  it('skips it in listings (and says so) but refuses it, without retrying, when read by id', async () => {
    const logged: string[] = [];
    const logging = new DynamoJobStore({
      client: aws.clients.documents,
      tableName: aws.tableName,
      logger: { debug() {}, info() {}, warn() {}, error: (message) => logged.push(message) },
    });
    await logging.create(inProgressJob({ jobId: 'bad-1' }));
    await aws.clients.documents.send(
      new UpdateCommand({
        TableName: aws.tableName,
        Key: { pk: 'JOB#bad-1', sk: 'JOB' },
        UpdateExpression: 'SET #job.#status = :status',
        ExpressionAttributeNames: { '#job': 'job', '#status': 'status' },
        ExpressionAttributeValues: { ':status': 'Exploded' },
      }),
    );

    const active = await logging.listActive();

    expect(active.map((job) => job.jobId)).not.toContain('bad-1');
    expect(logged).toContain('skipped an unreadable job record');
    await expect(logging.get('bad-1')).rejects.toMatchObject({ code: 'upstream_rejected', retryable: false });
  });
});
