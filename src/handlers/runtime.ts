/**
 * What every handler builds once per cold start from the config: logger, clock, AWS clients,
 * adapters and the Slack secrets. The local stack calls the same functions with its own config,
 * so what runs locally is what runs on Lambda.
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { WebClient } from '@slack/web-api';
import { type AwsClients, createAwsClients } from '../aws/clients.js';
import { DynamoDatasetIndex } from '../aws/dynamo-dataset-index.js';
import { DynamoIdempotencyStore } from '../aws/dynamo-idempotency-store.js';
import { DynamoJobStore } from '../aws/dynamo-job-store.js';
import { DynamoProposalStore } from '../aws/dynamo-proposal-store.js';
import { DynamoUploadStore } from '../aws/dynamo-upload-store.js';
import { S3DatasetStore } from '../aws/s3-dataset-store.js';
import { SqsQueue } from '../aws/sqs-queue.js';
import type { Config } from '../config.js';
import { ConfigError } from '../core/errors.js';
import type { Clock, Logger, Queue } from '../core/ports.js';
import type { SlackEdgeDependencies } from '../slack/dependencies.js';
import { SlackDirectory } from '../slack/directory.js';
import { SlackNotifier } from '../slack/notifier.js';
import type { Task } from '../slack/tasks.js';

export const systemClock: Clock = { now: () => new Date() };

/** Powertools' structured JSON logger behind our small Logger port. */
export function createLogger(config: Pick<Config, 'logLevel'>, serviceName = 'tune'): Logger {
  const logger = new PowertoolsLogger({ serviceName, logLevel: config.logLevel });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, details?: Record<string, unknown>) =>
      details ? logger[level](message, details) : logger[level](message);
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export interface SlackSecrets {
  signingSecret: string;
  botToken: string;
}

/** From the environment when set (local), otherwise from SSM SecureStrings (cached 5 minutes). */
export async function resolveSlackSecrets(config: Config, ssm?: SSMClient): Promise<SlackSecrets> {
  const provider = () => new SSMProvider({ awsSdkV3Client: ssm ?? new SSMClient({ region: config.region }) });
  let cached: SSMProvider | undefined;
  const read = async (value: string | undefined, parameter: string | undefined, variable: string) => {
    if (value) return value;
    if (!parameter) throw new ConfigError(`Set ${variable} or ${variable}_PARAM.`);
    cached ??= provider();
    const secret = await cached.get(parameter, { decrypt: true, maxAge: 300 });
    if (typeof secret !== 'string' || secret.length === 0) {
      throw new ConfigError(`SSM parameter ${parameter} (${variable}_PARAM) is missing or empty.`);
    }
    return secret;
  };
  return {
    signingSecret: await read(
      config.slack.signingSecret,
      config.slack.signingSecretParam,
      'SLACK_SIGNING_SECRET',
    ),
    botToken: await read(config.slack.botToken, config.slack.botTokenParam, 'SLACK_BOT_TOKEN'),
  };
}

export function awsClientsFor(config: Config): AwsClients {
  return createAwsClients({ region: config.region, endpoints: config.endpoints });
}

export function storesFor(config: Config, clients: AwsClients, clock: Clock, logger?: Logger) {
  const table = { client: clients.documents, tableName: config.tableName };
  const logging = { ...table, ...(logger ? { logger } : {}) };
  return {
    jobs: new DynamoJobStore(logging),
    idempotency: new DynamoIdempotencyStore({ ...table, clock }),
    proposals: new DynamoProposalStore({ ...logging, clock }),
    datasets: new DynamoDatasetIndex(logging),
    datasetStore: new S3DatasetStore({ client: clients.s3, bucket: config.bucket }),
    uploads: new DynamoUploadStore(logging),
  };
}

/** What the Slack listeners need, for the Lambda edge and for Socket Mode alike. */
export function slackEdgeDependencies(
  config: Config,
  runtime: Runtime,
  queue: Queue<Task>,
): SlackEdgeDependencies {
  return {
    ...runtime.stores,
    queue,
    clock: runtime.clock,
    logger: runtime.logger,
    directory: new SlackDirectory({
      client: slackWebClient(runtime.secrets.botToken, config),
      clock: runtime.clock,
    }),
    authorization: config.authorization,
  };
}

export function queueFor(config: Config, clients: AwsClients): Queue<Task> {
  if (!config.queueUrl) {
    throw new ConfigError(
      'TUNE_QUEUE_URL is not set: the slack function needs the SQS queue to hand work to.',
    );
  }
  return new SqsQueue<Task>({ client: clients.sqs, queueUrl: config.queueUrl });
}

export function slackWebClient(botToken: string, config: Config): WebClient {
  return new WebClient(botToken, config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {});
}

export function notifierFor(botToken: string, config: Config, logger: Logger): SlackNotifier {
  return new SlackNotifier({ client: slackWebClient(botToken, config), logger });
}

/** What the local stack and tests replace when they compose the handlers themselves. */
export interface HandlerOverrides {
  clients?: AwsClients;
  queue?: Queue<Task>;
  clock?: Clock;
  logger?: Logger;
}

export interface Runtime {
  clients: AwsClients;
  clock: Clock;
  logger: Logger;
  secrets: SlackSecrets;
  stores: ReturnType<typeof storesFor>;
}

export async function resolveRuntime(
  config: Config,
  serviceName: string,
  overrides: HandlerOverrides,
): Promise<Runtime> {
  const clients = overrides.clients ?? awsClientsFor(config);
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger(config, serviceName);
  return {
    clients,
    clock,
    logger,
    secrets: await resolveSlackSecrets(config),
    stores: storesFor(config, clients, clock, logger),
  };
}

/** Runs `build` once and shares the promise; a failed build is retried on the next invocation. */
export function once<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= build().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
