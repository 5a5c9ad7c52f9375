import type { Job } from '../../../src/core/jobs/job.js';

/** A job as tune writes it after Bedrock accepted it. */
export function inProgressJob(overrides: Partial<Job> = {}): Job {
  return {
    jobId: 'j1',
    jobName: 'tune-j1',
    customModelName: 'support-bot-v1',
    baseModelId: 'amazon.titan-text-lite-v1:0:4k',
    customizationType: 'FINE_TUNING',
    hyperParameters: { epochCount: '2', batchSize: '1', learningRate: '0.00001' },
    trainingDataUri: 's3://bucket/datasets/train.jsonl',
    outputDataUri: 's3://bucket/outputs/j1/',
    clientRequestToken: 'token-j1',
    place: { teamId: 'T1', channelId: 'C1', userId: 'U1', messageTs: '1700000000.000100' },
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:00.000Z',
    version: 1,
    transitions: [],
    announcedVersion: 1,
    status: 'InProgress',
    jobArn: 'arn:aws:bedrock:us-east-1:111122223333:model-customization-job/j1',
    ...overrides,
  } as Job;
}
