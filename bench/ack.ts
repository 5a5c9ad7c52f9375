/**
 * Acknowledgement latency of the warm `slack` function, in-process: signed API Gateway events
 * straight into the built bundle's `handler` (dist/lambda/slack, built by scripts/build.ts), one
 * after another and with 100 in flight, beside the bare Bolt baseline built the same way
 * (bench/baseline/bare-bolt.ts, whose `/ping` sends one SQS message).
 *
 * The queue is the real SQS client inside each bundle, sending to the local fake
 * (./support/fake-services.ts, 0 ms added) run in a separate process. Not an in-process queue:
 * the hand-off's cost on Lambda is the SDK's (serialising, SigV4 signing, an HTTP round trip on a
 * kept-alive connection), and an in-process queue would leave all of it out; a separate process
 * keeps the fake's own work off the event loop being measured, as SQS would be. tune reads its
 * secrets through SSM (from the same fake), as deployed; after the first request that is
 * Powertools' cache.
 *
 * Rounds interleave every path with the baseline, in an order rotated each round; each batch's
 * percentiles are divided by the baseline's batch of the same round and mode. Every response is
 * checked (status and body) and the fake's call counts must match the batch. Figures go to
 * bench/results/ack.json and ack.md.
 *
 *   npx tsx bench/ack.ts [--rounds 5] [--sequential 100] [--concurrent 300] [--in-flight 100]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { BARE_BOLT, build, slackTarget } from './support/bundles.js';
import { type CallCounts, COUNTS_PATH } from './support/fake-services.js';
import {
  describeMachine,
  finishMachine,
  formatSpread,
  machine,
  markdownTable,
  type Percentiles,
  percentile,
  percentiles,
  rotate,
  roundSpread,
  type Spread,
  spread,
  writeResults,
} from './support/figures.js';
import {
  apiGatewayEvent,
  type BenchPath,
  BOT_ID,
  BOT_USER_ID,
  PING_PATH,
  TUNE_PATHS,
} from './support/slack-events.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    sequential: { type: 'string', default: '100' },
    concurrent: { type: 'string', default: '300' },
    'in-flight': { type: 'string', default: '100' },
  },
});
const rounds = Number(values.rounds);
const sequentialCount = Number(values.sequential);
const concurrentCount = Number(values.concurrent);
const inFlight = Number(values['in-flight']);
const TARGET_P99_MS = 100;
const TARGET_HELP_RATIO = 1.5;

const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
const SIGNING_PARAM = '/tune/bench/slack-signing-secret';
const TOKEN_PARAM = '/tune/bench/slack-bot-token';

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const started = machine();

async function startServicesProcess(): Promise<{
  child: ChildProcess;
  url: string;
  slackApiUrl: string;
  queueUrl: string;
}> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./support/fake-services.ts', import.meta.url))],
    {
      env: {
        ...process.env,
        BENCH_DELAY_MS: '0',
        BENCH_PARAMETERS: JSON.stringify({
          [SIGNING_PARAM]: SIGNING_SECRET,
          [TOKEN_PARAM]: 'xoxb-bench-token',
        }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    lines.close();
    return { child, ...(JSON.parse(line) as { url: string; slackApiUrl: string; queueUrl: string }) };
  }
  throw new Error('the fake services process printed nothing');
}

const services = await startServicesProcess();
async function takeCounts(): Promise<CallCounts> {
  const response = await fetch(`${services.url}${COUNTS_PATH}`, { method: 'POST' });
  return (await response.json()) as CallCounts;
}

process.stdout.write('building dist/lambda/slack and the bare Bolt baseline…\n');
const slack = await build(slackTarget());
const bare = await build(BARE_BOLT);

// Both bundles read the environment on their first request only. The baseline takes its secrets
// from it; tune, as deployed, from SSM: so the baseline is built first, then the variables it
// needed are removed before tune's first request.
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH0',
  AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key',
  AWS_SESSION_TOKEN: 'bench-session-token',
  AWS_LAMBDA_FUNCTION_NAME: 'tune-bench-slack',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_ENDPOINT_URL_SSM: services.url,
  TUNE_TABLE_NAME: 'tune-bench',
  TUNE_BUCKET: 'tune-bench-bucket',
  TUNE_BEDROCK_ROLE_ARN: 'arn:aws:iam::000000000000:role/tune-bench-bedrock',
  TUNE_QUEUE_URL: services.queueUrl,
  TUNE_SQS_ENDPOINT: services.url,
  TUNE_SLACK_API_URL: services.slackApiUrl,
  // As deployed (serverless.yml's default); these paths log nothing at INFO.
  TUNE_LOG_LEVEL: 'INFO',
  SLACK_BOT_ID: BOT_ID,
  SLACK_BOT_USER_ID: BOT_USER_ID,
  SLACK_SIGNING_SECRET_PARAM: SIGNING_PARAM,
  SLACK_BOT_TOKEN_PARAM: TOKEN_PARAM,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_BOT_TOKEN: 'xoxb-bench-token',
});
const bareHandler = ((await import(pathToFileURL(bare.entryPath).href)) as { handler: Handler }).handler;
await bareHandler(apiGatewayEvent(PING_PATH.body(SIGNING_SECRET), SIGNING_SECRET));
delete process.env.SLACK_SIGNING_SECRET;
delete process.env.SLACK_BOT_TOKEN;
const slackHandler = ((await import(pathToFileURL(slack.entryPath).href)) as { handler: Handler }).handler;
await slackHandler(apiGatewayEvent(TUNE_PATHS.help.body(), SIGNING_SECRET));
const firstCalls = await takeCounts();
if (firstCalls['ssm:GetParameters'] !== 1) {
  throw new Error(`tune's first request should read SSM once; the fake saw ${JSON.stringify(firstCalls)}`);
}

interface Runner {
  key: string;
  path: BenchPath;
  handler: Handler;
}

// The floor under every path that hands off: the SDK's SendMessage to the same fake, no Bolt
// (the SDK from node_modules, not bundled).
const sqs = new SQSClient({ region: 'us-east-1', endpoint: services.url });
const sendAlone: Handler = async () => {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: services.queueUrl,
      MessageBody: JSON.stringify({ kind: 'ping' }),
      MessageAttributes: { tuneMessageId: { DataType: 'String', StringValue: 'floor' } },
    }),
  );
  return { statusCode: 200, body: '' };
};

const runners: Runner[] = [
  { key: 'help', path: TUNE_PATHS.help, handler: slackHandler },
  { key: 'startForm', path: TUNE_PATHS.startForm, handler: slackHandler },
  { key: 'startPress', path: TUNE_PATHS.startPress, handler: slackHandler },
  { key: 'formSubmission', path: TUNE_PATHS.formSubmission, handler: slackHandler },
  { key: 'fileShare', path: TUNE_PATHS.fileShare, handler: slackHandler },
  { key: 'baseline', path: PING_PATH, handler: bareHandler },
  { key: 'sendAlone', path: { ...PING_PATH, name: 'SendMessage alone (no Bolt)' }, handler: sendAlone },
];

type Mode = 'sequential' | 'concurrent';

interface Batch {
  latencies: number[];
  failures: string[];
  seconds: number;
  /** This process's CPU time (user + system) per request; the fake runs in another process. */
  cpuMs: number;
}

/** `count` requests, `concurrency` at a time; each one's time from its call to its response. */
async function runBatch(runner: Runner, count: number, concurrency: number): Promise<Batch> {
  // Built (and signed) before the clock starts: signing is Slack's work, not the handler's.
  const events = Array.from({ length: count }, () =>
    apiGatewayEvent(runner.path.body(SIGNING_SECRET), SIGNING_SECRET),
  );
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const cpuStart = process.cpuUsage();
  const batchStart = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < events.length) {
        const event = events[next++] as APIGatewayProxyEventV2;
        const start = performance.now();
        try {
          const response = await runner.handler(event);
          latencies.push(performance.now() - start);
          if (!runner.path.acknowledged(response)) {
            failures.push(`acknowledged ${response.statusCode}: ${String(response.body).slice(0, 200)}`);
          }
        } catch (error) {
          failures.push(String(error));
        }
      }
    }),
  );
  const seconds = (performance.now() - batchStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000 / count;
  const calls = await takeCounts();
  for (const [name, perRequest] of Object.entries(runner.path.calls)) {
    if ((calls[name] ?? 0) !== perRequest * count) {
      failures.push(
        `${name}: ${calls[name] ?? 0} calls for ${count} requests, expected ${perRequest * count}`,
      );
    }
  }
  const unexpected = Object.keys(calls).filter((name) => !(name in runner.path.calls));
  if (unexpected.length > 0) failures.push(`unexpected calls: ${JSON.stringify(calls)}`);
  return { latencies, failures, seconds, cpuMs };
}

const modes: Record<Mode, { count: number; concurrency: number }> = {
  sequential: { count: sequentialCount, concurrency: 1 },
  concurrent: { count: concurrentCount, concurrency: inFlight },
};

process.stdout.write('warming up…\n');
for (const runner of runners) {
  await runBatch(runner, 50, 1);
  await runBatch(runner, 200, inFlight);
}

interface Collected {
  latencies: number[];
  /** Per round: this batch's p50 and p99 over the baseline's batch in the same round and mode. */
  p50Ratios: number[];
  p99Ratios: number[];
  requestsPerSecond: number[];
  cpuMs: number[];
}
const collected = new Map<string, Collected>();
const collectedFor = (key: string, mode: Mode) => {
  const id = `${key}:${mode}`;
  let entry = collected.get(id);
  if (!entry) {
    entry = { latencies: [], p50Ratios: [], p99Ratios: [], requestsPerSecond: [], cpuMs: [] };
    collected.set(id, entry);
  }
  return entry;
};
const failures: { path: string; mode: Mode; round: number; reason: string }[] = [];
const clock = performance.now();
for (let round = 0; round < rounds; round++) {
  for (const mode of ['sequential', 'concurrent'] as const) {
    const batches = new Map<string, Batch>();
    for (const runner of rotate(runners, round)) {
      const batch = await runBatch(runner, modes[mode].count, modes[mode].concurrency);
      batches.set(runner.key, batch);
      for (const reason of new Set(batch.failures)) {
        failures.push({ path: runner.path.name, mode, round, reason });
        process.stderr.write(`round ${round + 1}, ${runner.path.name}, ${mode}: ${reason}\n`);
      }
    }
    const baseline = batches.get('baseline');
    for (const runner of runners) {
      const batch = batches.get(runner.key);
      if (!batch || !baseline) continue;
      const entry = collectedFor(runner.key, mode);
      entry.latencies.push(...batch.latencies);
      entry.requestsPerSecond.push(batch.latencies.length / batch.seconds);
      entry.cpuMs.push(batch.cpuMs);
      entry.p50Ratios.push(percentile(batch.latencies, 50) / percentile(baseline.latencies, 50));
      entry.p99Ratios.push(percentile(batch.latencies, 99) / percentile(baseline.latencies, 99));
    }
  }
  process.stdout.write(`round ${round + 1}/${rounds} done\n`);
}
const seconds = (performance.now() - clock) / 1000;

interface ModeFigures {
  latencyMs: Percentiles;
  requestsPerSecond: Spread;
  cpuMsPerRequest: Spread;
  p50RatioToBaseline: Spread;
  p99RatioToBaseline: Spread;
}
interface PathFigures {
  path: string;
  calls: CallCounts;
  sequential: ModeFigures;
  concurrent: ModeFigures;
}

const figures: Record<string, PathFigures> = {};
for (const runner of runners) {
  const modeFigures = (mode: Mode): ModeFigures => {
    const entry = collectedFor(runner.key, mode);
    return {
      latencyMs: percentiles(entry.latencies),
      requestsPerSecond: roundSpread(spread(entry.requestsPerSecond), 0),
      cpuMsPerRequest: roundSpread(spread(entry.cpuMs), 3),
      p50RatioToBaseline: roundSpread(spread(entry.p50Ratios)),
      p99RatioToBaseline: roundSpread(spread(entry.p99Ratios)),
    };
  };
  figures[runner.key] = {
    path: runner.path.name,
    calls: runner.path.calls,
    sequential: modeFigures('sequential'),
    concurrent: modeFigures('concurrent'),
  };
}

const tuneKeys = runners
  .map((runner) => runner.key)
  .filter((key) => key !== 'baseline' && key !== 'sendAlone');
const help = figures.help;
const targets = {
  [`p99 ≤ ${TARGET_P99_MS} ms at ${inFlight} in flight`]: Object.fromEntries(
    tuneKeys.map((key) => [key, (figures[key]?.concurrent.latencyMs.p99 ?? Infinity) <= TARGET_P99_MS]),
  ),
  // Judged on the median of the per-round ratios, for p50 and p99, in both modes.
  [`help ≤ ${TARGET_HELP_RATIO}× bare Bolt`]: help
    ? [help.sequential, help.concurrent].every(
        (mode) =>
          mode.p50RatioToBaseline.median <= TARGET_HELP_RATIO &&
          mode.p99RatioToBaseline.median <= TARGET_HELP_RATIO,
      )
    : false,
};

const finished = finishMachine(started);
const output = {
  benchmark: 'ack',
  date: new Date().toISOString(),
  machine: finished,
  settings: {
    rounds,
    sequentialRequestsPerBatch: sequentialCount,
    concurrentRequestsPerBatch: concurrentCount,
    inFlight,
    queue: 'the SQS client in each bundle, against the local fake in another process, 0 ms added',
    secrets: 'tune: SSM through Powertools (cached after the first request); baseline: environment',
    seconds: Math.round(seconds),
  },
  paths: figures,
  targets,
  failures,
};

const ms = (value: number) => value.toFixed(1);
const rowsFor = (mode: Mode) =>
  Object.values(figures).map((value) => {
    const entry = value[mode];
    const isBaseline = value.path === PING_PATH.name;
    return [
      value.path,
      String(entry.latencyMs.n),
      `${ms(entry.latencyMs.p50)} / ${ms(entry.latencyMs.p95)} / ${ms(entry.latencyMs.p99)}`,
      isBaseline ? 'baseline' : formatSpread(entry.p50RatioToBaseline),
      isBaseline ? 'baseline' : formatSpread(entry.p99RatioToBaseline),
      entry.cpuMsPerRequest.median.toFixed(2),
      String(entry.requestsPerSecond.median),
    ];
  });
const header = [
  'path',
  'n',
  'p50 / p95 / p99 (ms)',
  'p50 × bare Bolt',
  'p99 × bare Bolt',
  'CPU ms / request',
  'requests/s',
];
const concurrentTargets = targets[`p99 ≤ ${TARGET_P99_MS} ms at ${inFlight} in flight`] as Record<
  string,
  boolean
>;
const markdown = `# Acknowledgement latency of the slack function (warm, in-process)

${new Date().toISOString().slice(0, 10)}, ${describeMachine(finished)}.

Signed API Gateway events into the built \`handler\`; the queue is the SQS client in the bundle
against a local fake in another process (0 ms added); tune reads its secrets through SSM
(Powertools' cache after the first request). ${rounds} rounds, each path's batch beside the bare Bolt
baseline's (order rotated); ratios are per round, median (range). The last row is the floor of
every path but help: the SDK's SendMessage to the same fake, with no Bolt. CPU is this process's
(the fake runs in another).

**Sequential** (${sequentialCount} requests per batch):

${markdownTable(header, rowsFor('sequential'))}

**${inFlight} in flight** (${concurrentCount} requests per batch):

${markdownTable(header, rowsFor('concurrent'))}

Targets: p99 ≤ ${TARGET_P99_MS} ms at ${inFlight} in flight: ${tuneKeys
  .map((key) => `${figures[key]?.path} ${concurrentTargets[key] ? 'yes' : '**no**'}`)
  .join(', ')}. Help ≤ ${TARGET_HELP_RATIO}× bare Bolt (median ratio of p50 and p99, both modes): ${
  targets[`help ≤ ${TARGET_HELP_RATIO}× bare Bolt`] ? 'yes' : '**no**'
}.
${failures.length > 0 ? `\n**${failures.length} failed batches**: see ack.json.\n` : ''}`;
writeResults('ack', output, markdown);
process.stdout.write(`\n${markdown}\nwritten to bench/results/ack.json and ack.md\n`);

services.child.kill('SIGTERM');
if (failures.length > 0) process.exitCode = 1;
