import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoIdempotencyStore } from '../../../src/aws/dynamo-idempotency-store.js';
import { DynamoJobStore } from '../../../src/aws/dynamo-job-store.js';
import { ConflictError, JobStateConflictError } from '../../../src/core/errors.js';
import type { Job } from '../../../src/core/jobs/job.js';
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
  return {
    ...job,
    status: 'Completed',
    jobArn: job.jobArn ?? 'arn',
    endedAt: '2026-11-26T12:00:00.000Z',
    version: job.version + 1,
  } as Job;
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
    await store.markAnnounced(completed(ending));
    const afterAnnouncement = (await store.listActive()).map((job) => job.jobId);

    expect(owed).toEqual(expect.arrayContaining(['active-1', 'active-2']));
    expect(afterAnnouncement).toContain('active-1');
    expect(afterAnnouncement).not.toContain('active-2');
  });

  it('ignores an announcement of a version the job has moved past', async () => {
    const job = inProgressJob({ jobId: 'announce-1' });
    await store.create(job);
    await store.transition(completed(job), 'InProgress');
    await store.markAnnounced(job);
    expect((await store.get('announce-1'))?.announcedVersion).toBe(1);
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
  it('claims a key once, again after it expired, and again after a release', async () => {
    const clock = new FixedClock();
    const idempotency = new DynamoIdempotencyStore({
      client: aws.clients.documents,
      tableName: aws.tableName,
      clock,
    });

    const claims = [await idempotency.claim('k1', 60), await idempotency.claim('k1', 60)];
    clock.advance(61_000);
    claims.push(await idempotency.claim('k1', 60));
    await idempotency.release('k1');
    claims.push(await idempotency.claim('k1', 60));

    expect(claims).toEqual([true, false, true, true]);
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const idempotency = new DynamoIdempotencyStore({
      client: aws.clients.documents,
      tableName: aws.tableName,
      clock: new FixedClock(),
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => idempotency.claim('race', 60)));
    expect(results.filter(Boolean)).toHaveLength(1);
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
