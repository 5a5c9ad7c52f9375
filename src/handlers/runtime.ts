/**
 * What every handler builds from the config: logger, clock, AWS clients, adapters and the Slack
 * secrets, once per cold start and again when a secret changes (`lambdaEntry`). The local stack
 * calls the same functions with its own config, so what runs locally is what runs on Lambda.
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { WebClient } from '@slack/web-api';
import * as z from 'zod';
import { AwsPriceList } from '../aws/aws-price-list.js';
import { BedrockCustomizer } from '../aws/bedrock-customizer.js';
import { BedrockModelRuntime } from '../aws/bedrock-runtime.js';
import { type AwsClients, createAwsClients, createEdgeClients, type EdgeClients } from '../aws/clients.js';
import { DynamoChannelSettingsStore } from '../aws/dynamo-channel-settings-store.js';
import { DynamoCustomModelStore } from '../aws/dynamo-custom-model-store.js';
import { DynamoDatasetIndex } from '../aws/dynamo-dataset-index.js';
import { DynamoEndpointStore } from '../aws/dynamo-endpoint-store.js';
import { DynamoIdempotencyStore } from '../aws/dynamo-idempotency-store.js';
import { DynamoJobStore } from '../aws/dynamo-job-store.js';
import { DynamoModelAvailabilityStore } from '../aws/dynamo-model-availability-store.js';
import { DynamoPriceBookStore } from '../aws/dynamo-price-book-store.js';
import { DynamoDeployProposalStore, DynamoProposalStore } from '../aws/dynamo-proposal-store.js';
import { DynamoUploadStore } from '../aws/dynamo-upload-store.js';
import { S3DatasetStore } from '../aws/s3-dataset-store.js';
import { S3EvaluationResultsStore } from '../aws/s3-evaluation-results-store.js';
import { SqsQueue } from '../aws/sqs-queue.js';
import { type Config, loadConfig } from '../config.js';
import { Asker } from '../core/asking/index.js';
import {
  largestDatasetBytes,
  offeredModels,
  type PriceLookup,
  priceLookup,
  refreshPrices,
  withPrices,
} from '../core/catalog/index.js';
import { ConfigError } from '../core/errors.js';
import type { Clock, CustomModelStore, Logger, Queue, ServingDirectory } from '../core/ports.js';
import type { ServingSettings } from '../core/serving/deploy.js';
import { EndpointServingDirectory } from '../core/serving/directory.js';
import { EndpointEvaluationServing } from '../core/serving/evaluation.js';
import type { SlackEdgeDependencies } from '../slack/dependencies.js';
import { SlackDirectory } from '../slack/directory.js';
import { SlackFiles, slackFileOrigins } from '../slack/files.js';
import { formKeyFrom } from '../slack/form-metadata.js';
import { SlackNotifier } from '../slack/notifier.js';
import { servingDependenciesOf } from '../slack/serving-dependencies.js';
import type { Task } from '../slack/tasks.js';
import { SlackThreads } from '../slack/threads.js';
import type { WorkerDependencies } from '../slack/worker-dependencies.js';

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
  /** The one workspace's token; undefined with many workspaces, each with its own (./workspaces.ts). */
  botToken: string | undefined;
}

/** How long secrets read from SSM are used before a request reads them again. */
export const SECRETS_MAX_AGE_SECONDS = 5 * 60;

const secretValue = z.string().min(1);

/**
 * The Slack secrets, as a function to call on every request: from the environment when set
 * (local runs), otherwise the SSM SecureStrings, both in one GetParameters call, read again once
 * they are {@link SECRETS_MAX_AGE_SECONDS} old (Powertools' cache; until then no SSM call is
 * made). A rotated token or signing secret therefore reaches a warm container within that time.
 */
export function slackSecretsReader(config: Config, ssm?: SSMClient): () => Promise<SlackSecrets> {
  const wanted = {
    signingSecret: {
      value: config.slack.signingSecret,
      parameter: config.slack.signingSecretParam,
      variable: 'SLACK_SIGNING_SECRET',
    },
    botToken: {
      value: config.slack.botToken,
      parameter: config.slack.botTokenParam,
      variable: 'SLACK_BOT_TOKEN',
    },
  };
  let provider: SSMProvider | undefined;
  return async () => {
    // With many workspaces there is no one bot token to read: each team's is in its installation.
    const many = config.slack.workspaces === 'many';
    const fromSsm = Object.values(wanted).filter(
      (secret) => !secret.value && !(many && secret === wanted.botToken),
    );
    const read: Record<string, unknown> = {};
    if (fromSsm.length > 0) {
      provider ??= new SSMProvider({ awsSdkV3Client: ssm ?? new SSMClient({ region: config.region }) });
      const parameters: Record<string, object> = {};
      for (const { parameter, variable } of fromSsm) {
        if (!parameter) throw new ConfigError(`Set ${variable} or ${variable}_PARAM.`);
        parameters[parameter] = {};
      }
      // throwOnError false: a missing parameter comes back under `_errors`, so the error can
      // name the variable that points to it instead of Powertools' generic message.
      Object.assign(
        read,
        await provider.getParametersByName(parameters, {
          decrypt: true,
          maxAge: SECRETS_MAX_AGE_SECONDS,
          throwOnError: false,
        }),
      );
    }
    const secretOf = ({ value, parameter, variable }: (typeof wanted)[keyof typeof wanted]): string => {
      if (value) return value;
      const secret = secretValue.safeParse(read[parameter ?? '']);
      if (!secret.success) {
        throw new ConfigError(
          `SSM parameter ${parameter} (${variable}_PARAM) is missing or empty: store the secret there as a SecureString (README, Deploy).`,
        );
      }
      return secret.data;
    };
    return {
      signingSecret: secretOf(wanted.signingSecret),
      botToken: many ? undefined : secretOf(wanted.botToken),
    };
  };
}

/** The Slack secrets once, for the local stack and tests (Lambda uses {@link lambdaEntry}). */
export async function resolveSlackSecrets(config: Config, ssm?: SSMClient): Promise<SlackSecrets> {
  return slackSecretsReader(config, ssm)();
}

export function awsClientsFor(config: Config): AwsClients {
  return createAwsClients({ region: config.region, endpoints: config.endpoints });
}

/** The slack function's clients only (see `createEdgeClients`). */
export function edgeClientsFor(config: Config): EdgeClients {
  return createEdgeClients({ region: config.region, endpoints: config.endpoints });
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
    channelSettings: new DynamoChannelSettingsStore(logging),
    modelAvailability: new DynamoModelAvailabilityStore(logging),
    customModels: new DynamoCustomModelStore(logging),
    endpoints: new DynamoEndpointStore(logging),
    deployProposals: new DynamoDeployProposalStore({ ...logging, clock }),
    priceBooks: new DynamoPriceBookStore(logging),
  };
}

/** The region and the cost guard's settings, from the config. */
export function servingSettingsFor(config: Config): ServingSettings {
  return { region: config.region, ...config.serving };
}

/** What the Slack listeners need, for the Lambda edge and for Socket Mode alike: the queue only. */
export function slackEdgeDependencies(runtime: BaseRuntime, queue: Queue<Task>): SlackEdgeDependencies {
  return {
    queue,
    clock: runtime.clock,
    logger: runtime.logger,
    formKey: formKeyFrom(runtime.secrets.signingSecret),
  };
}

/**
 * What Bedrock customizes in the deployed region, from the cached live list (refreshed daily), with
 * each model's prices from the cached price list (the catalog's marked figures where it has none):
 * every estimate made from an offer names its price's source.
 */
export function offersFor(config: Config, runtime: Runtime) {
  const dependencies = {
    customizer: new BedrockCustomizer({ client: runtime.clients.bedrock }),
    store: runtime.stores.modelAvailability,
    clock: runtime.clock,
    region: config.region,
    logger: runtime.logger,
  };
  const prices = priceBookFor(config, runtime);
  return async (options: { refresh?: boolean } = {}) => {
    const [offers, book] = await Promise.all([offeredModels(dependencies, options), prices()]);
    return withPrices(offers, book);
  };
}

/**
 * The deployed region's prices as last read from AWS's price list (undefined before the first
 * read): what `lookupPrice` and `effectivePrices` take. Reads the cache only, never the Pricing API.
 */
export function priceBookFor(config: Config, runtime: Runtime) {
  return () => runtime.stores.priceBooks.get(config.region);
}

/**
 * One price of one model in the deployed region, with its source (`lookupPrice` over the stored
 * prices): what the model card, the deploy confirmation, evaluation cost and the daily spend
 * message take.
 */
export function priceLookupFor(config: Config, runtime: Runtime): PriceLookup {
  return priceLookup(priceBookFor(config, runtime));
}

/**
 * Reads the region's price list again when the stored prices are a day old (the watch's daily
 * refresh); a failed read keeps the stored prices and their date. The only caller of the Pricing API
 * on AWS, so only the watch's role may call it (serverless.yml).
 */
export function pricesRefresherFor(config: Config, runtime: Runtime) {
  const dependencies = {
    priceList: new AwsPriceList({ client: runtime.clients.pricing, logger: runtime.logger }),
    store: runtime.stores.priceBooks,
    clock: runtime.clock,
    region: config.region,
    logger: runtime.logger,
  };
  return (options: { force?: boolean } = {}) => refreshPrices(dependencies, options);
}

/** What the worker's tasks need, speaking to Slack with `botToken` (the one workspace's by default). */
export function workerDependencies(
  config: Config,
  runtime: Runtime,
  queue: Queue<Task>,
  botToken: string | undefined = runtime.secrets.botToken,
): WorkerDependencies {
  const client = slackWebClient(botToken, config);
  const customizer = new BedrockCustomizer({ client: runtime.clients.bedrock });
  const dependencies: Omit<WorkerDependencies, 'evaluationServing'> = {
    offers: offersFor(config, runtime),
    ...runtime.stores,
    notifier: new SlackNotifier({ client, logger: runtime.logger }),
    files: new SlackFiles({
      client,
      botToken: botToken ?? '',
      // Only https://files.slack.com on AWS; locally also the sandbox's own http origin.
      allowedOrigins: slackFileOrigins(config.slack.apiUrl),
      maxBytes: largestDatasetBytes(),
    }),
    customizer,
    asking: {
      models: runtime.registry.customModels,
      asker: new Asker({
        models: runtime.registry.customModels,
        serving: runtime.registry.serving,
        runtime: new BedrockModelRuntime({ client: runtime.clients.bedrockRuntime }),
        clock: runtime.clock,
        region: config.region,
        logger: runtime.logger,
      }),
    },
    threads: new SlackThreads({ client }),
    directory: new SlackDirectory({ client, clock: runtime.clock }),
    serving: servingSettingsFor(config),
    authorization: config.authorization,
    formKey: formKeyFrom(runtime.secrets.signingSecret),
    bedrockRoleArn: config.bedrockRoleArn,
    queue,
    runtime: new BedrockModelRuntime({ client: runtime.clients.bedrockRuntime }),
    evaluationResults: new S3EvaluationResultsStore({ client: runtime.clients.s3, bucket: config.bucket }),
    clock: runtime.clock,
    logger: runtime.logger,
  };
  // An evaluation's endpoint is one of tune's endpoints: made, followed and guarded like the others.
  return {
    ...dependencies,
    evaluationServing: new EndpointEvaluationServing(servingDependenciesOf(dependencies)),
  };
}

export function queueFor(config: Config, clients: Pick<AwsClients, 'sqs'>): Queue<Task> {
  if (!config.queueUrl) {
    throw new ConfigError(
      'TUNE_QUEUE_URL is not set: the slack function needs the SQS queue to hand work to.',
    );
  }
  return new SqsQueue<Task>({ client: clients.sqs, queueUrl: config.queueUrl });
}

/**
 * The worker's and the watch's Web API client. Its default retries wait out an outage for about
 * thirty minutes, far past a Lambda's timeout (and a rate limit's Retry-After for a minute or
 * more): here a call is retried a few times over a few seconds, then fails as an outage, and the
 * queue or the next watch run tries again later (an owed announcement stays owed).
 */
export function slackWebClient(botToken: string | undefined, config: Config): WebClient {
  return new WebClient(botToken, {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000, randomize: true },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  });
}

export function notifierFor(botToken: string | undefined, config: Config, logger: Logger): SlackNotifier {
  return new SlackNotifier({ client: slackWebClient(botToken, config), logger });
}

/**
 * The custom model registry and the directory of what serves each model: the DynamoDB store and
 * the directory over tune's endpoints (Active deployments, InService Provisioned Throughput).
 * Tests of asking may pass in-memory ones to serve a model without deploying it.
 */
export interface ModelRegistry {
  customModels: CustomModelStore;
  serving: ServingDirectory;
}

/** What the local stack and tests replace when they compose the handlers themselves. */
export interface HandlerOverrides {
  registry?: ModelRegistry;
  clients?: AwsClients;
  queue?: Queue<Task>;
  clock?: Clock;
  logger?: Logger;
  /** Already read; otherwise the handler reads them once itself. */
  secrets?: SlackSecrets;
}

/**
 * What every function builds: clients (each made on first use; the slack function only the
 * queue's and the table's), clock, logger, Slack secrets.
 */
export interface BaseRuntime {
  clients: EdgeClients;
  clock: Clock;
  logger: Logger;
  secrets: SlackSecrets;
}

/** …and, for the functions that read and write tune's records, the stores. */
export interface Runtime extends BaseRuntime {
  clients: AwsClients;
  stores: ReturnType<typeof storesFor>;
  registry: ModelRegistry;
}

export async function resolveBaseRuntime(
  config: Config,
  serviceName: string,
  overrides: HandlerOverrides,
): Promise<BaseRuntime> {
  return {
    clients: overrides.clients ?? edgeClientsFor(config),
    clock: overrides.clock ?? systemClock,
    logger: overrides.logger ?? createLogger(config, serviceName),
    secrets: overrides.secrets ?? (await resolveSlackSecrets(config)),
  };
}

export async function resolveRuntime(
  config: Config,
  serviceName: string,
  overrides: HandlerOverrides,
): Promise<Runtime> {
  const clients = overrides.clients ?? awsClientsFor(config);
  const base = await resolveBaseRuntime(config, serviceName, { ...overrides, clients });
  const stores = storesFor(config, clients, base.clock, base.logger);
  return {
    ...base,
    clients,
    stores,
    registry: overrides.registry ?? {
      customModels: stores.customModels,
      serving: new EndpointServingDirectory(stores.endpoints),
    },
  };
}

/**
 * A handler built with the current Slack secrets, shared by the requests of a container and built
 * again when a secret changes (a Bolt app and a WebClient take them at construction). Every request
 * asks `readSecrets`, which costs nothing until the secrets are due to be read again. A failed build
 * is retried by the next request; a failed re-read keeps the handler built with the secrets read
 * before (logged), since those worked a few minutes ago.
 */
export function builtWithCurrentSecrets<T>(
  readSecrets: () => Promise<SlackSecrets>,
  build: (secrets: SlackSecrets) => Promise<T>,
  logger: Logger,
): () => Promise<T> {
  let current: { secrets: SlackSecrets; handler: Promise<T> } | undefined;
  return async () => {
    let secrets: SlackSecrets;
    try {
      secrets = await readSecrets();
    } catch (error) {
      if (!current) throw error;
      logger.warn('could not read the Slack secrets again; using the ones read before', {
        error: String(error),
      });
      return current.handler;
    }
    if (
      current === undefined ||
      current.secrets.signingSecret !== secrets.signingSecret ||
      current.secrets.botToken !== secrets.botToken
    ) {
      const handler = build(secrets);
      const built = { secrets, handler };
      current = built;
      handler.catch(() => {
        if (current === built) current = undefined;
      });
    }
    return current.handler;
  };
}

/**
 * A Lambda function's entry: reads the config on the first request, then serves every request
 * with the handler `build` makes, rebuilt when the Slack secrets change.
 */
export function lambdaEntry<T>(
  serviceName: string,
  build: (config: Config, overrides: HandlerOverrides) => Promise<T>,
): () => Promise<T> {
  let entry: (() => Promise<T>) | undefined;
  return async () => {
    if (!entry) {
      const config = loadConfig();
      const logger = createLogger(config, serviceName);
      entry = builtWithCurrentSecrets(
        slackSecretsReader(config),
        (secrets) => build(config, { secrets, logger }),
        logger,
      );
    }
    return entry();
  };
}
