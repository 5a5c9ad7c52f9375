/**
 * Cold start of the `slack` function (issue: Slack waits 3 seconds, and a cold Lambda spends part of
 * them loading code). Each sample is a fresh Node process that imports the built bundle
 * (dist/lambda/slack, from scripts/build.ts) and sends one signed API Gateway event through
 * `handler`, timed from the process's time origin (`performance.now()` counts from process start)
 * to the response, split into Node's own start-up, the import and the first request. The first
 * request reads the Slack secrets from SSM (one GetParameters), builds the Bolt app, and makes the
 * path's calls: one SQS SendMessage, and `views.open` for `/tune start` alone. Beside them, the
 * `install` function (dist/lambda/install) serving its "Add to Slack" page: the client secret read
 * from SSM, Bolt's ExpressReceiver behind serverless-http built, one DynamoDB PutItem (the state).
 *
 * Every AWS and Slack call goes to one local server that adds 50 ms to each (./support/fake-services.ts).
 * The baseline is a bare Bolt app on AwsLambdaReceiver whose `/ping` sends one SQS message
 * (bench/baseline/bare-bolt.ts), built with the same options; it reads no SSM parameter. Rounds
 * interleave every path with the baseline, in an order rotated each round, and each path's ratio
 * is taken against the baseline of its own round. A sample whose response or calls are not what
 * the path does is reported as a failure and not counted. Figures go to
 * bench/results/cold-start.json and cold-start.md.
 *
 *   npx tsx bench/cold-start.ts [--rounds 8] [--delay 50]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BARE_BOLT, build, installTarget, slackTarget } from './support/bundles.js';
import { type CallCounts, startFakeServices } from './support/fake-services.js';
import {
  describeMachine,
  finishMachine,
  formatSpread,
  machine,
  markdownTable,
  type Percentiles,
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
    rounds: { type: 'string', default: '8' },
    delay: { type: 'string', default: '50' },
  },
});
const rounds = Number(values.rounds);
const delayMs = Number(values.delay);
/** Slack allows 3 s; the function must leave most of it to the network and to Lambda's own start. */
const TARGET_MS = 1000;

const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
const SIGNING_PARAM = '/tune/bench/slack-signing-secret';
const TOKEN_PARAM = '/tune/bench/slack-bot-token';
const CLIENT_SECRET_PARAM = '/tune/bench/slack-client-secret';

const started = machine();
const services = await startFakeServices({
  delayMs,
  parameters: {
    [SIGNING_PARAM]: SIGNING_SECRET,
    [TOKEN_PARAM]: 'xoxb-bench-token',
    [CLIENT_SECRET_PARAM]: 'bench-client-secret',
  },
});

process.stdout.write('building dist/lambda/slack, dist/lambda/install and the bare Bolt baseline…\n');
const slack = await build(slackTarget());
const install = await build(installTarget());
const bare = await build(BARE_BOLT);

// What Lambda and serverless.yml give the function, pointed at the local server. An empty HOME
// and missing AWS config files, as on Lambda: the SDK looks for them on its first call.
const home = mkdtempSync(join(tmpdir(), 'tune-bench-cold-'));
const lambdaEnvironment: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  HOME: home,
  AWS_CONFIG_FILE: join(home, 'missing-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(home, 'missing-credentials'),
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH0',
  AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key',
  AWS_SESSION_TOKEN: 'bench-session-token',
  AWS_LAMBDA_FUNCTION_NAME: 'tune-bench-slack',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  // The SDK's service-specific endpoint variable: Powertools' SSM client is built by tune with
  // no endpoint (src/handlers/runtime.ts), and this is how one is given to it from outside.
  AWS_ENDPOINT_URL_SSM: services.url,
  TUNE_TABLE_NAME: 'tune-bench',
  TUNE_BUCKET: 'tune-bench-bucket',
  TUNE_BEDROCK_ROLE_ARN: 'arn:aws:iam::000000000000:role/tune-bench-bedrock',
  TUNE_QUEUE_URL: services.queueUrl,
  TUNE_SQS_ENDPOINT: services.url,
  TUNE_SLACK_API_URL: services.slackApiUrl,
  TUNE_AUTHORIZED_USERS: 'U0ALICE',
  TUNE_LOG_LEVEL: 'INFO',
  SLACK_BOT_ID: BOT_ID,
  SLACK_BOT_USER_ID: BOT_USER_ID,
  SLACK_SIGNING_SECRET_PARAM: SIGNING_PARAM,
  SLACK_BOT_TOKEN_PARAM: TOKEN_PARAM,
};
// The baseline reads its secrets from the environment (it has no SSM step).
const baselineEnvironment = {
  ...lambdaEnvironment,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_BOT_TOKEN: 'xoxb-bench-token',
};

/** Runs in the fresh process: everything it times is measured from the process's time origin. */
const CHILD = `
const event = JSON.parse(process.env.BENCH_EVENT);
const beforeImport = performance.now();
const module = await import(process.env.BENCH_ENTRY);
const imported = performance.now();
const response = await module.handler(event);
const done = performance.now();
process.stdout.write('\\nBENCH-RESULT ' + JSON.stringify({ beforeImport, imported, done, statusCode: response.statusCode, body: response.body }) + '\\n');
process.exit(0);
`;

interface Sample {
  /** Node's start-up before the handler module is imported (ms since process start). */
  node: number;
  import: number;
  firstRequest: number;
  /** Process start to response. */
  total: number;
}

interface Runner {
  key: string;
  path: BenchPath;
  /** The API Gateway event, when it is not a signed Slack request (the install page). */
  event?: () => unknown;
  entryPath: string;
  environment: Record<string, string>;
  /** Calls expected of one cold request. */
  calls: CallCounts;
}

function sameCalls(expected: CallCounts, actual: CallCounts): boolean {
  const names = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...names].every((name) => (expected[name] ?? 0) === (actual[name] ?? 0));
}

async function sample(runner: Runner): Promise<Sample | string> {
  services.takeCounts();
  const event = runner.event?.() ?? apiGatewayEvent(runner.path.body(SIGNING_SECRET), SIGNING_SECRET);
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '--eval', CHILD],
      {
        env: {
          ...runner.environment,
          BENCH_ENTRY: pathToFileURL(runner.entryPath).href,
          BENCH_EVENT: JSON.stringify(event),
        },
        maxBuffer: 16 * 1024 * 1024,
        timeout: 30_000,
      },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
  const calls = services.takeCounts();
  const line = output.split('\n').find((text) => text.startsWith('BENCH-RESULT '));
  if (!line) return `no result printed:\n${output.slice(-2000)}`;
  const result = JSON.parse(line.slice('BENCH-RESULT '.length)) as {
    beforeImport: number;
    imported: number;
    done: number;
    statusCode?: number;
    body?: string;
  };
  if (!runner.path.acknowledged(result)) {
    return `unexpected acknowledgement ${result.statusCode}: ${String(result.body).slice(0, 300)}`;
  }
  if (!sameCalls(runner.calls, calls)) {
    return `calls ${JSON.stringify(calls)}, expected ${JSON.stringify(runner.calls)}`;
  }
  return {
    node: result.beforeImport,
    import: result.imported - result.beforeImport,
    firstRequest: result.done - result.imported,
    total: result.done,
  };
}

const runners: Runner[] = [
  ...Object.entries(TUNE_PATHS)
    // Help is answered in the acknowledgement and queues nothing: bench/ack.ts measures it.
    .filter(([key]) => key !== 'help')
    .map(([key, path]) => ({
      key,
      path,
      entryPath: slack.entryPath,
      environment: lambdaEnvironment,
      calls: { ...path.calls, 'ssm:GetParameters': 1 },
    })),
  {
    key: 'install',
    path: {
      name: 'install: GET /slack/install (the Add to Slack page)',
      body: () => '',
      calls: { 'ssm:GetParameters': 1, 'dynamodb:PutItem': 1 },
      acknowledged: (response) =>
        response.statusCode === 200 && (response.body ?? '').includes('Add to Slack'),
    },
    event: () => ({
      version: '2.0',
      routeKey: 'GET /slack/install',
      rawPath: '/slack/install',
      rawQueryString: '',
      headers: { host: 'bench.execute-api.us-east-1.amazonaws.com' },
      requestContext: {
        http: { method: 'GET', path: '/slack/install', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
      },
      isBase64Encoded: false,
    }),
    entryPath: install.entryPath,
    environment: {
      ...lambdaEnvironment,
      AWS_LAMBDA_FUNCTION_NAME: 'tune-bench-install',
      TUNE_SLACK_WORKSPACES: 'many',
      SLACK_CLIENT_ID: '0000000000.0000000000',
      SLACK_CLIENT_SECRET_PARAM: CLIENT_SECRET_PARAM,
      TUNE_DYNAMODB_ENDPOINT: services.url,
    },
    calls: { 'ssm:GetParameters': 1, 'dynamodb:PutItem': 1 },
  },
  {
    key: 'baseline',
    path: PING_PATH,
    entryPath: bare.entryPath,
    environment: baselineEnvironment,
    calls: PING_PATH.calls,
  },
];

const samples = new Map<string, (Sample & { round: number })[]>(runners.map((runner) => [runner.key, []]));
const failures: { path: string; round: number; reason: string }[] = [];
const clock = performance.now();
// One warm-up process per bundle, unrecorded: the first load of a bundle also fills the OS file
// cache, which a Lambda host has no reason to have emptied either.
const warmed = [runners[0], runners.find((runner) => runner.key === 'install'), runners[runners.length - 1]];
for (const runner of warmed) if (runner) await sample(runner);
for (let round = 0; round < rounds; round++) {
  for (const runner of rotate(runners, round)) {
    const result = await sample(runner);
    if (typeof result === 'string') {
      failures.push({ path: runner.path.name, round, reason: result });
      process.stderr.write(`round ${round + 1}, ${runner.path.name}: ${result}\n`);
    } else {
      samples.get(runner.key)?.push({ ...result, round });
    }
  }
  process.stdout.write(`round ${round + 1}/${rounds} done\n`);
}
const seconds = (performance.now() - clock) / 1000;

const baselineByRound = new Map((samples.get('baseline') ?? []).map((entry) => [entry.round, entry.total]));

interface PathFigures {
  path: string;
  calls: CallCounts;
  totalMs: Percentiles;
  nodeMs: Percentiles;
  importMs: Percentiles;
  firstRequestMs: Percentiles;
  /** Per round: this path's total over the baseline's total in the same round. */
  ratioToBaseline?: Spread;
  meetsTarget?: boolean;
}

const figures: Record<string, PathFigures> = {};
for (const runner of runners) {
  const taken = samples.get(runner.key) ?? [];
  const ratios = taken.flatMap((entry) => {
    const baseline = baselineByRound.get(entry.round);
    return baseline ? [entry.total / baseline] : [];
  });
  const totals = percentiles(taken.map((entry) => entry.total));
  figures[runner.key] = {
    path: runner.path.name,
    calls: runner.calls,
    totalMs: totals,
    nodeMs: percentiles(taken.map((entry) => entry.node)),
    importMs: percentiles(taken.map((entry) => entry.import)),
    firstRequestMs: percentiles(taken.map((entry) => entry.firstRequest)),
    ...(runner.key === 'baseline'
      ? {}
      : {
          ratioToBaseline: roundSpread(spread(ratios)),
          meetsTarget: taken.length > 0 && totals.p99 <= TARGET_MS,
        }),
  };
}

const finished = finishMachine(started);
const tunePaths = Object.entries(figures).filter(([key]) => key !== 'baseline');
const output = {
  benchmark: 'cold-start',
  date: new Date().toISOString(),
  machine: finished,
  settings: { rounds, addedLatencyMs: delayMs, targetP99Ms: TARGET_MS, seconds: Math.round(seconds) },
  bundles: { slack: slack.size, install: install.size, bareBolt: bare.size },
  paths: figures,
  allInteractivePathsMeetTarget: tunePaths.every(([, value]) => value.meetsTarget === true),
  failures,
};

const ms = (value: number) => Math.round(value).toString();
const rows = Object.values(figures).map((value) => [
  value.path,
  String(value.totalMs.n),
  `${ms(value.totalMs.p50)} / ${ms(value.totalMs.p95)} / ${ms(value.totalMs.p99)}`,
  ms(value.importMs.p50),
  ms(value.firstRequestMs.p50),
  value.ratioToBaseline ? formatSpread(value.ratioToBaseline) : 'baseline',
  value.meetsTarget === undefined ? '' : value.meetsTarget ? 'yes' : '**no**',
]);
const markdown = `# Cold start of the slack and install functions

${new Date().toISOString().slice(0, 10)}, ${describeMachine(finished)}.

Each sample is a fresh Node process: import of the bundle, then one signed API Gateway event through
\`handler\` (SSM read of the two secrets, the Bolt app built, the path's calls), timed from process
start. Every AWS and Slack call is answered by a local server after ${delayMs} ms. ${rounds} rounds, each
path once per round beside the bare Bolt baseline (order rotated); the ratio is per round, median
(range). The install function's page is a GET with no signature (its SSM read is the client secret
and its one call a DynamoDB PutItem). Entry files: slack ${Math.round(slack.size.entryBytes / 1000)} kB, install ${Math.round(install.size.entryBytes / 1000)} kB, bare Bolt ${Math.round(bare.size.entryBytes / 1000)} kB.
With n = ${rounds}, p99 is the slowest sample.

${markdownTable(
  [
    'path',
    'n',
    'process start → response, p50 / p95 / p99 (ms)',
    'import p50 (ms)',
    'first request p50 (ms)',
    '× bare Bolt',
    `p99 ≤ ${TARGET_MS} ms`,
  ],
  rows,
)}
${failures.length > 0 ? `\n**${failures.length} failed samples** (not counted): see cold-start.json.\n` : ''}`;
writeResults('cold-start', output, markdown);
process.stdout.write(`\n${markdown}\nwritten to bench/results/cold-start.json and cold-start.md\n`);

await services.close();
rmSync(home, { recursive: true, force: true });
if (failures.length > 0) process.exitCode = 1;
