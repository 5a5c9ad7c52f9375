import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3EvaluationResultsStore } from '../../../src/aws/s3-evaluation-results-store.js';
import { NotFoundError } from '../../../src/core/errors.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';

let aws: LocalAws;
let store: S3EvaluationResultsStore;

beforeAll(async () => {
  aws = await startLocalAws();
  store = new S3EvaluationResultsStore({
    client: aws.clients.s3,
    bucket: aws.bucket,
    prefix: 'evaluations/',
  });
});
afterAll(async () => {
  await aws.close();
});

describe('S3EvaluationResultsStore', () => {
  it('keeps one JSON document per evaluation id and replaces it on put', async () => {
    // Act
    await store.put('job-abc.eval', { version: 1, answers: { '3': { reference: 'r' } } });
    await store.put('job-abc.eval', {
      version: 1,
      answers: { '3': { reference: 'r', base: { text: 'b' } } },
    });

    // Assess
    expect(await store.get('job-abc.eval')).toEqual({
      version: 1,
      answers: { '3': { reference: 'r', base: { text: 'b' } } },
    });
    expect(store.key('job-abc.eval')).toBe('evaluations/job-abc.eval.json');
  });

  it('reports nothing stored for an unknown id or a document that is not JSON', async () => {
    await aws.clients.s3.send(
      new PutObjectCommand({ Bucket: aws.bucket, Key: 'evaluations/torn.json', Body: '{"version": 1, "ans' }),
    );
    expect(await store.get('never-run')).toBeUndefined();
    expect(await store.get('torn')).toBeUndefined();
  });

  it('refuses ids that would leave its prefix', async () => {
    expect(() => store.key('../datasets/x')).toThrow(RangeError);
    expect(() => store.key('..')).toThrow(RangeError);
    await expect(store.get('a/b')).rejects.toThrow(RangeError);
  });

  it('translates S3 failures into core errors', async () => {
    const elsewhere = new S3EvaluationResultsStore({ client: aws.clients.s3, bucket: 'no-such-bucket' });
    await expect(elsewhere.put('x', {})).rejects.toBeInstanceOf(NotFoundError);
  });
});
