/**
 * Builds the AWS SDK clients once per cold start from the config. Endpoint overrides point them at
 * the local stack (dynalite, s3rver, the Bedrock emulator, the local price list); otherwise they
 * talk to AWS.
 */
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PricingClient } from '@aws-sdk/client-pricing';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface AwsClientSettings {
  region: string;
  endpoints?: {
    dynamodb?: string | undefined;
    s3?: string | undefined;
    bedrock?: string | undefined;
    bedrockRuntime?: string | undefined;
    sqs?: string | undefined;
    pricing?: string | undefined;
  };
  /** Static credentials for the local stack, where any value is accepted. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts?: number;
  /**
   * Replaces both Bedrock request timeouts ({@link BEDROCK_REQUEST_TIMEOUT_MS},
   * {@link BEDROCK_RUNTIME_IDLE_TIMEOUT_MS}): tests with a hanging emulator use a short one.
   */
  bedrockRequestTimeoutMs?: number;
}

export interface AwsClients {
  dynamodb: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  s3: S3Client;
  bedrock: BedrockClient;
  bedrockRuntime: BedrockRuntimeClient;
  sqs: SQSClient;
  /** The Price List Query API, in {@link PRICING_API_REGION} whatever `region` is. */
  pricing: PricingClient;
}

/**
 * The Pricing API answers only from us-east-1, eu-central-1 and ap-south-1, for every region's
 * prices (docs/bedrock-prices.md): the client is built for us-east-1 and the region tune asks
 * about goes in GetProducts' `regionCode` filter.
 */
export const PRICING_API_REGION = 'us-east-1';

/**
 * How long one control-plane call (Get/List/Create a job, a model, a throughput) may take, per
 * attempt. Without it a call Bedrock never answers waits for the SDK's default socket timeout,
 * 15 minutes, longer than the watch (120 s) or the worker (300 s) may run: the Lambda is killed
 * mid-run instead of the call failing. These calls answer in well under a second, so 10 s is a hung
 * call, not a slow one; it ends as a `TimeoutError`, which the adapter turns into a retryable
 * `UpstreamUnavailableError` (src/aws/bedrock-errors.ts). With the SDK's three attempts, a Bedrock
 * that hangs on every call costs a run about 30 s, not its whole timeout.
 *
 * `requestTimeout` bounds the whole request only with `throwOnRequestTimeout`: without it
 * `NodeHttpHandler` merely logs a warning when the time is up and keeps waiting.
 */
export const BEDROCK_REQUEST_TIMEOUT_MS = 10_000;

/**
 * The runtime client (HTTP/2, `NodeHttp2Handler`) applies `requestTimeout` to a stream's silence,
 * not to the whole call: a streamed answer (ConverseStream) may run long as long as deltas keep
 * coming, and an InvokeModel answers only when its generation is done, up to the evaluation's
 * 1,024 tokens, which a slow model takes tens of seconds to write. A minute of silence is a hung call.
 */
export const BEDROCK_RUNTIME_IDLE_TIMEOUT_MS = 60_000;

export function createPricingClient(settings: AwsClientSettings): PricingClient {
  return new PricingClient({
    ...commonSettings(settings),
    region: PRICING_API_REGION,
    ...endpoint(settings.endpoints?.pricing),
  });
}

export function createS3Client(settings: AwsClientSettings): S3Client {
  return new S3Client({
    region: settings.region,
    ...(settings.endpoints?.s3 ? { endpoint: settings.endpoints.s3, forcePathStyle: true } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // Without these, streamed PutObject bodies are stored by s3rver with aws-chunked framing
    // (docs/local-stack.md); real S3 accepts both.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function commonSettings(settings: AwsClientSettings) {
  return {
    region: settings.region,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    ...(settings.maxAttempts ? { maxAttempts: settings.maxAttempts } : {}),
  };
}

const endpoint = (url: string | undefined) => (url ? { endpoint: url } : {});

export function createSqsClient(settings: AwsClientSettings): SQSClient {
  return new SQSClient({ ...commonSettings(settings), ...endpoint(settings.endpoints?.sqs) });
}

/** The control-plane client, with its request timeout ({@link BEDROCK_REQUEST_TIMEOUT_MS}). */
export function createBedrockClient(settings: AwsClientSettings): BedrockClient {
  return new BedrockClient({
    ...commonSettings(settings),
    ...endpoint(settings.endpoints?.bedrock),
    requestHandler: {
      requestTimeout: settings.bedrockRequestTimeoutMs ?? BEDROCK_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
}

/** The runtime client, with its idle timeout ({@link BEDROCK_RUNTIME_IDLE_TIMEOUT_MS}). */
export function createBedrockRuntimeClient(settings: AwsClientSettings): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    ...commonSettings(settings),
    ...endpoint(settings.endpoints?.bedrockRuntime),
    requestHandler: {
      requestTimeout: settings.bedrockRequestTimeoutMs ?? BEDROCK_RUNTIME_IDLE_TIMEOUT_MS,
      // The SDK's own default for this client, kept: settings given here replace its defaults.
      disableConcurrentStreams: true,
    },
  });
}

/** The DynamoDB client and the document client over it, as every store takes it. */
function createDocumentClient(dynamodb: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** The clients the slack function may use: the queue, and the table for installations (many workspaces). */
export type EdgeClients = Pick<AwsClients, 'sqs' | 'documents'>;

/**
 * Only the edge's clients, each built on first use: naming no other client's class keeps S3,
 * Bedrock and Pricing out of the slack function's bundle, which is parsed on every cold start
 * within Slack's 3 seconds (bench/sizes.ts).
 */
export function createEdgeClients(settings: AwsClientSettings): EdgeClients {
  let sqs: SQSClient | undefined;
  let documents: DynamoDBDocumentClient | undefined;
  return {
    get sqs() {
      sqs ??= createSqsClient(settings);
      return sqs;
    },
    get documents() {
      documents ??= createDocumentClient(
        new DynamoDBClient({ ...commonSettings(settings), ...endpoint(settings.endpoints?.dynamodb) }),
      );
      return documents;
    },
  };
}

/**
 * Every client, each built the first time it is used: a function builds (and pays the start-up
 * cost of) only the clients its code paths touch.
 */
export function createAwsClients(settings: AwsClientSettings): AwsClients {
  const common = commonSettings(settings);
  const built: Partial<AwsClients> = {};
  const lazy = <K extends keyof AwsClients>(name: K, build: () => AwsClients[K]): AwsClients[K] => {
    built[name] ??= build();
    return built[name] as AwsClients[K];
  };
  return {
    get dynamodb() {
      return lazy(
        'dynamodb',
        () => new DynamoDBClient({ ...common, ...endpoint(settings.endpoints?.dynamodb) }),
      );
    },
    get documents() {
      return lazy('documents', () => createDocumentClient(this.dynamodb));
    },
    get s3() {
      return lazy('s3', () => createS3Client(settings));
    },
    get bedrock() {
      return lazy('bedrock', () => createBedrockClient(settings));
    },
    get bedrockRuntime() {
      return lazy('bedrockRuntime', () => createBedrockRuntimeClient(settings));
    },
    get sqs() {
      return lazy('sqs', () => createSqsClient(settings));
    },
    get pricing() {
      return lazy('pricing', () => createPricingClient(settings));
    },
  };
}
