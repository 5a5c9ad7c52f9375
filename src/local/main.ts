/**
 * `npm start`: tune on this machine. By default everything is local (the Slack sandbox in the
 * browser, dynalite, s3rver and the Bedrock emulator); SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET
 * (and SLACK_APP_TOKEN for Socket Mode) connect a real workspace, TUNE_AWS=real uses real AWS.
 */
import { join } from 'node:path';
import { consoleLogger } from './console-logger.js';
import { emulatorWorld, startLocalStack } from './stack.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const environment = process.env;
const logLevel = (environment.TUNE_LOG_LEVEL ?? 'INFO') as 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
const logger = consoleLogger('tune', logLevel);
const realSlack = environment.SLACK_BOT_TOKEN && environment.SLACK_SIGNING_SECRET;
const minutes = (name: string, fallback: number) => {
  const value = environment[name];
  return value === undefined ? fallback : Number(value) * 60_000;
};

const stack = await startLocalStack({
  directory: join(process.cwd(), '.tune'),
  botPort: Number(environment.PORT ?? (realSlack ? 3000 : 0)),
  sandboxPort: Number(environment.TUNE_SANDBOX_PORT ?? 3333),
  slack: realSlack
    ? {
        mode: 'real',
        botToken: environment.SLACK_BOT_TOKEN ?? '',
        signingSecret: environment.SLACK_SIGNING_SECRET ?? '',
        ...(environment.SLACK_APP_TOKEN ? { appToken: environment.SLACK_APP_TOKEN } : {}),
      }
    : { mode: 'sandbox' },
  aws: environment.TUNE_AWS === 'real' ? { mode: 'real', environment } : { mode: 'local' },
  emulator: {
    world: emulatorWorld(environment.TUNE_EMULATOR_WORLD),
    trainingMs: minutes('TUNE_EMULATOR_TRAINING_MINUTES', 3 * 60_000),
    faults: {
      throttleRate: Number(environment.TUNE_EMULATOR_THROTTLE_RATE ?? 0),
      serverErrorRate: Number(environment.TUNE_EMULATOR_ERROR_RATE ?? 0),
      latencyMs: Number(environment.TUNE_EMULATOR_LATENCY_MS ?? 0),
    },
  },
  logger,
  logLevel,
  // One workspace or many (Add to Slack served by the install function, README).
  ...(environment.TUNE_SLACK_WORKSPACES
    ? { environment: { TUNE_SLACK_WORKSPACES: environment.TUNE_SLACK_WORKSPACES } }
    : {}),
});

for (const line of stack.describe()) logger.info(line);
logger.info('tune is running; press Ctrl+C to stop.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info('stopping…');
    stack.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('could not stop cleanly', { error: String(error) });
        process.exit(1);
      },
    );
  });
}
