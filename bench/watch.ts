/**
 * Watch benchmark (issue 4): one watch run over 1,000 active jobs against the Bedrock emulator
 * with 20 ms of latency per call, with 2,000 finished jobs in the table beside them, counting the
 * DynamoDB and Bedrock calls. The run reads active jobs through the `active` index, so its calls
 * grow with active jobs, not with every job ever run: a second table with no finished jobs must
 * give the same counts. Figures go to bench/results/watch.json.
 *
 *   npx tsx bench/watch.ts [--active 1000] [--finished 2000] [--latency 20] [--concurrency 8]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BedrockCustomizer } from '../src/aws/bedrock-customizer.js';
import { createAwsClients } from '../src/aws/clients.js';
import { DynamoIdempotencyStore } from '../src/aws/dynamo-idempotency-store.js';
import { DynamoJobStore } from '../src/aws/dynamo-job-store.js';
import type { Job } from '../src/core/jobs/job.js';
import { watchActiveJobs } from '../src/core/jobs/watch.js';
import { ensureTable, LOCAL_CREDENTIALS, startDynalite, startS3rver } from '../src/local/aws-servers.js';
import { createManualClock, startBedrockEmulator } from '../src/local/bedrock-emulator/index.js';
import { silentLogger } from '../src/local/console-logger.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    active: { type: 'string', default: '1000' },
    finished: { type: 'string', default: '2000' },
    latency: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '8' },
  },
});
const active = Number(values.active);
const finished = Number(values.finished);
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency);

const directory = mkdtempSync(join(tmpdir(), 'tune-bench-watch-'));
const clock = createManualClock(Date.now());
const dynamodb = await startDynalite();
const s3 = await startS3rver({ directory: join(directory, 's3'), buckets: ['bench'] });
const clients = createAwsClients({
  region: 'us-west-2',
  endpoints: { dynamodb: dynamodb.endpoint, s3: s3.endpoint },
  credentials: LOCAL_CREDENTIALS,
});
const emulator = await startBedrockEmulator({
  s3: clients.s3,
  buckets: ['bench'],
  now: clock.now,
  trainingMs: 60 * 60_000,
  maxConcurrentTrainings: active + 1,
  // The jobs train Titan Text Lite, which only the workshop's world still customizes.
  world: '2024',
});
const bedrock = createAwsClients({
  region: 'us-west-2',
  endpoints: { bedrock: emulator.url },
  credentials: LOCAL_CREDENTIALS,
}).bedrock;

let dynamoCalls = 0;
clients.dynamodb.middlewareStack.add(
  (next) => async (args) => {
    dynamoCalls++;
    return next(args);
  },
  { step: 'initialize', name: 'countCalls' },
);

async function prepare(tableName: string, withFinished: boolean): Promise<DynamoJobStore> {
  await ensureTable(clients.dynamodb, tableName);
  const store = new DynamoJobStore({ client: clients.documents, tableName });
  const base = {
    customizationType: 'FINE_TUNING' as const,
    baseModelId: 'amazon.titan-text-lite-v1:0:4k',
    hyperParameters: { epochCount: '1', batchSize: '1', learningRate: '0.00001' },
    trainingDataUri: 's3://bench/datasets/train.jsonl',
    outputDataUri: 's3://bench/outputs/',
    place: { teamId: 'T', channelId: 'C', userId: 'U' },
    createdAt: new Date(clock.now()).toISOString(),
    updatedAt: new Date(clock.now()).toISOString(),
    version: 1,
    transitions: [],
    announcedVersion: 1,
  };
  if (withFinished) {
    for (let index = 0; index < finished; index++) {
      await store.create({
        ...base,
        jobId: `old${index}`,
        jobName: `tune-old-${index}`,
        customModelName: `old-${index}`,
        clientRequestToken: `old${index}`,
        status: 'Completed',
        jobArn: `arn:aws:bedrock:us-west-2:000000000000:model-customization-job/old${index}`,
        endedAt: base.createdAt,
      } as Job);
    }
  }
  return store;
}

// The Bedrock jobs, created once and shared by both tables' records.
await clients.s3.send(
  new PutObjectCommand({
    Bucket: 'bench',
    Key: 'datasets/train.jsonl',
    Body: `${Array.from({ length: 20 }, (_, index) => JSON.stringify({ prompt: `q${index}`, completion: `a${index}` })).join('\n')}\n`,
  }),
);
const customizer = new BedrockCustomizer({ client: bedrock });
const arns: string[] = [];
for (let index = 0; index < active; index++) {
  const { jobArn } = await customizer.createJob({
    jobName: `tune-bench-${index}`,
    customModelName: `bench-${index}`,
    roleArn: 'arn:aws:iam::000000000000:role/bench',
    baseModelIdentifier: 'amazon.titan-text-lite-v1:0:4k',
    customizationType: 'FINE_TUNING',
    trainingDataUri: 's3://bench/datasets/train.jsonl',
    outputDataUri: 's3://bench/outputs/',
    hyperParameters: { epochCount: '1', batchSize: '1', learningRate: '0.00001' },
    clientRequestToken: `bench${index}`,
    tags: {},
  });
  arns.push(jobArn);
}

async function addActive(store: DynamoJobStore): Promise<void> {
  for (const [index, jobArn] of arns.entries()) {
    await store.create({
      jobId: `job${index}`,
      jobName: `tune-bench-${index}`,
      customModelName: `bench-${index}`,
      baseModelId: 'amazon.titan-text-lite-v1:0:4k',
      customizationType: 'FINE_TUNING',
      hyperParameters: { epochCount: '1', batchSize: '1', learningRate: '0.00001' },
      trainingDataUri: 's3://bench/datasets/train.jsonl',
      outputDataUri: 's3://bench/outputs/',
      clientRequestToken: `bench${index}`,
      place: { teamId: 'T', channelId: 'C', userId: 'U' },
      createdAt: new Date(clock.now()).toISOString(),
      updatedAt: new Date(clock.now()).toISOString(),
      version: 1,
      transitions: [],
      announcedVersion: 1,
      status: 'InProgress',
      jobArn,
    });
  }
}

async function measure(store: DynamoJobStore, tableName: string, label: string) {
  let announcements = 0;
  dynamoCalls = 0;
  emulator.resetStats();
  const started = performance.now();
  const result = await watchActiveJobs(
    {
      jobs: store,
      idempotency: new DynamoIdempotencyStore({
        client: clients.documents,
        tableName,
        clock: { now: () => new Date(clock.now()) },
      }),
      customizer,
      clock: { now: () => new Date(clock.now()) },
      logger: silentLogger,
      announce: async () => {
        announcements++;
      },
    },
    concurrency,
  );
  const seconds = (performance.now() - started) / 1000;
  const stats = emulator.stats();
  const figures = {
    label,
    seconds: Math.round(seconds * 1000) / 1000,
    ...result,
    announcements,
    dynamodbCalls: dynamoCalls,
    bedrockCalls: Object.values(stats.calls).reduce((sum, count) => sum + count, 0),
    bedrockCallsByOperation: stats.calls,
  };
  console.log(JSON.stringify(figures));
  return figures;
}

const withHistory = await prepare('bench-with-history', true);
await addActive(withHistory);
const withoutHistory = await prepare('bench-without-history', false);
await addActive(withoutHistory);

emulator.setFaults({ latencyMs });
const steady = await measure(
  withHistory,
  'bench-with-history',
  `${active} training, ${finished} finished in the table: nothing changed`,
);
const steadyNoHistory = await measure(
  withoutHistory,
  'bench-without-history',
  `${active} training, no finished jobs in the table: nothing changed`,
);
clock.advance(2 * 60 * 60_000);
const completing = await measure(
  withHistory,
  'bench-with-history',
  `${active} jobs completing: each transition written and announced`,
);
emulator.setFaults({});

const output = {
  benchmark: 'watch',
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  loadAverageAtStart: loadavg(),
  settings: { active, finished, latencyMs, concurrency },
  runs: [steady, steadyNoHistory, completing],
  callsGrowWithActiveJobsOnly:
    steady.dynamodbCalls === steadyNoHistory.dynamodbCalls &&
    steady.bedrockCalls === steadyNoHistory.bedrockCalls,
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(resolve(here, 'results', 'watch.json'), `${JSON.stringify(output, null, 2)}\n`);
console.log(
  `written to bench/results/watch.json; calls grow with active jobs only: ${output.callsGrowWithActiveJobsOnly}`,
);

await emulator.close();
await s3.close();
await dynamodb.close();
rmSync(directory, { recursive: true, force: true });
