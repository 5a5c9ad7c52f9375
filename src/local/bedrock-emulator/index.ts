/**
 * The Bedrock emulator: one HTTP server speaking the Bedrock control-plane and runtime REST APIs,
 * so the real `@aws-sdk/client-bedrock` and `@aws-sdk/client-bedrock-runtime` work against it with
 * only `endpoint` changed. It is not a language model: see `answers.ts` for how it "answers", and
 * README.md beside this file for what it covers.
 *
 * Routes, status codes, query names and error shapes follow the SDK's own schemas
 * (`@aws-sdk/client-bedrock/dist-es/schemas/schemas_0.js`): JSON bodies, ISO 8601 timestamps,
 * errors as `x-amzn-errortype: <Type>` plus `{ "message": ... }` with the exception's HTTP status.
 */
import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { EMULATOR_HEADER, EMULATOR_HEADER_VALUE } from './answers.js';
import { type EmulatorClock, offsetClock } from './clock.js';
import type { Durations, EmulatorContext, OperationRequest, OperationResponse, Quotas } from './context.js';
import {
  createModelCustomizationJob,
  getModelCustomizationJob,
  listModelCustomizationJobs,
  stopModelCustomizationJob,
} from './customization-jobs.js';
import {
  createCustomModelDeployment,
  deleteCustomModelDeployment,
  getCustomModelDeployment,
  listCustomModelDeployments,
} from './deployments.js';
import { type AnyRequest, type AnyResponse, listenDual } from './dual-protocol-server.js';
import { BedrockEmulatorError } from './errors.js';
import { FaultInjector, type FaultSettings } from './faults.js';
import { settleAll } from './lifecycle.js';
import { ModelTable, type World } from './model-table.js';
import {
  createProvisionedModelThroughput,
  deleteCustomModel,
  deleteProvisionedModelThroughput,
  getCustomModel,
  getFoundationModel,
  getProvisionedModelThroughput,
  listCustomModels,
  listFoundationModels,
  listProvisionedModelThroughputs,
} from './models-and-throughput.js';
import { hashString, seededRandom } from './random.js';
import { converse, converseStream, invokeModel } from './runtime.js';
import { EmulatorState } from './state.js';

export { EMULATOR_HEADER, EMULATOR_MARKER } from './answers.js';
export { createManualClock, type EmulatorClock } from './clock.js';
export type { FaultSettings } from './faults.js';
export { WORLDS, type World } from './model-table.js';

export interface BedrockEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Where training data is read and outputs written (s3rver locally). */
  s3: S3Client;
  /** The buckets the emulated service role may use; other S3 URIs are refused. */
  buckets: string[];
  /** Keeps jobs, models and Provisioned Throughputs across restarts when given. */
  directory?: string;
  /** The default region (ARNs use it); a request signed for another region is answered as that region. */
  region?: string;
  accountId?: string;
  /**
   * Which Bedrock it plays: `'today'` (the default: models, regions and lifecycle as documented on
   * 2026-11-27) or `'2024'` (the workshop's world: Titan Text with fine-tuning and continued
   * pre-training, Llama 2 usable). docs/bedrock-emulator-world.md says what differs.
   */
  world?: World;
  /**
   * Defaults: 3 minutes of training, 20 s of stopping, 1 minute of provisioning, 2 minutes of
   * deploying (the sandbox pace), 150 ms between streamed text deltas.
   */
  trainingMs?: number;
  stoppingMs?: number;
  provisioningMs?: number;
  deploymentMs?: number;
  streamIntervalMs?: number;
  maxConcurrentTrainings?: number;
  /** Provisioned Throughputs without commitment allowed per account and region (default 2). */
  maxNoCommitmentProvisionedThroughputs?: number;
  faults?: FaultSettings;
  /** The time source; tests pass a manual clock's `now`. */
  now?: () => number;
  /** Seeds resource ids; the same seed and calls give the same ARNs. */
  seed?: number;
  /** Unexpected handler failures (answered as InternalServerException); defaults to stderr. */
  onError?: (error: unknown) => void;
}

export interface EmulatorStats {
  /** Calls per operation name (`CreateModelCustomizationJob`, `InvokeModel`, ...), faulted ones included. */
  calls: Record<string, number>;
  throttled: number;
  serverErrors: number;
  /** Calls given no answer (`hangRate`). */
  hung: number;
}

export interface BedrockEmulator {
  /** The endpoint for both clients: `new BedrockClient({ endpoint: emulator.url })`. */
  url: string;
  /** The world it plays (`options.world`, `'today'` by default). */
  world: World;
  close(): Promise<void>;
  setFaults(settings: FaultSettings): void;
  clock: EmulatorClock;
  stats(): EmulatorStats;
  resetStats(): void;
}

interface Route {
  method: string;
  segments: string[];
  operation: string;
  /** Control-plane operations run one at a time, after the jobs are brought up to date. */
  settles: boolean;
  handle(context: EmulatorContext, request: OperationRequest): OperationResponse | Promise<OperationResponse>;
}

function route(spec: string, operation: string, handle: Route['handle'], settles = true): Route {
  const [method = 'GET', path = '/'] = spec.split(' ');
  return { method, segments: path.split('/').slice(1), operation, settles, handle };
}

const ROUTES: Route[] = [
  route('GET /foundation-models', 'ListFoundationModels', listFoundationModels, false),
  route('GET /foundation-models/{}', 'GetFoundationModel', getFoundationModel, false),
  route('POST /model-customization-jobs', 'CreateModelCustomizationJob', createModelCustomizationJob),
  route('GET /model-customization-jobs', 'ListModelCustomizationJobs', listModelCustomizationJobs),
  route('GET /model-customization-jobs/{}', 'GetModelCustomizationJob', getModelCustomizationJob),
  route('POST /model-customization-jobs/{}/stop', 'StopModelCustomizationJob', stopModelCustomizationJob),
  route('GET /custom-models', 'ListCustomModels', listCustomModels),
  route('GET /custom-models/{}', 'GetCustomModel', getCustomModel),
  route('DELETE /custom-models/{}', 'DeleteCustomModel', deleteCustomModel),
  route(
    'POST /provisioned-model-throughput',
    'CreateProvisionedModelThroughput',
    createProvisionedModelThroughput,
  ),
  route(
    'GET /provisioned-model-throughputs',
    'ListProvisionedModelThroughputs',
    listProvisionedModelThroughputs,
  ),
  route(
    'GET /provisioned-model-throughput/{}',
    'GetProvisionedModelThroughput',
    getProvisionedModelThroughput,
  ),
  route(
    'DELETE /provisioned-model-throughput/{}',
    'DeleteProvisionedModelThroughput',
    deleteProvisionedModelThroughput,
  ),
  route(
    'POST /model-customization/custom-model-deployments',
    'CreateCustomModelDeployment',
    createCustomModelDeployment,
  ),
  route(
    'GET /model-customization/custom-model-deployments',
    'ListCustomModelDeployments',
    listCustomModelDeployments,
  ),
  route(
    'GET /model-customization/custom-model-deployments/{}',
    'GetCustomModelDeployment',
    getCustomModelDeployment,
  ),
  route(
    'DELETE /model-customization/custom-model-deployments/{}',
    'DeleteCustomModelDeployment',
    deleteCustomModelDeployment,
  ),
  route('POST /model/{}/invoke', 'InvokeModel', invokeModel, false),
  route('POST /model/{}/converse', 'Converse', converse, false),
  route('POST /model/{}/converse-stream', 'ConverseStream', converseStream, false),
];

/** Matches raw (still percent-encoded) segments, so an ARN label with `/` stays one segment. */
function match(method: string, rawPath: string): { route: Route; params: string[] } | undefined {
  const segments = rawPath.split('/').slice(1);
  if (segments.at(-1) === '' && segments.length > 1) segments.pop();
  for (const candidate of ROUTES) {
    if (candidate.method !== method || candidate.segments.length !== segments.length) continue;
    const params: string[] = [];
    const fits = candidate.segments.every((segment, index) => {
      const actual = segments[index] ?? '';
      if (segment === '{}') {
        const decoded = safeDecode(actual);
        if (decoded === undefined || decoded === '') return false;
        params.push(decoded);
        return true;
      }
      return segment === actual;
    });
    if (fits) return { route: candidate, params };
  }
  return undefined;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The region from the SigV4 credential scope (`Credential=AKID/20250101/us-west-2/bedrock/aws4_request`). */
function signedRegion(request: AnyRequest): string | undefined {
  const authorization = request.headers.authorization;
  return /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(authorization ?? '')?.[1];
}

async function readBody(request: AnyRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function send(response: AnyResponse, result: OperationResponse): Promise<void> {
  response.writeHead(result.status, {
    'content-type': 'application/json',
    'x-amzn-requestid': randomUUID(),
    [EMULATOR_HEADER]: EMULATOR_HEADER_VALUE,
    ...result.headers,
  });
  if (result.stream) {
    // Both response kinds write chunks; their union's `write` overloads do not unify. A caller that
    // hangs up mid-stream costs nothing more than the rest of the stream written nowhere.
    const writable: { write(chunk: Buffer): boolean } = response;
    for await (const chunk of result.stream) writable.write(chunk);
    response.end();
    return;
  }
  const body =
    result.body === undefined ? '' : Buffer.isBuffer(result.body) ? result.body : JSON.stringify(result.body);
  response.end(body);
}

function sendError(response: AnyResponse, error: BedrockEmulatorError): void {
  void send(response, {
    status: error.status,
    body: { message: error.message },
    headers: { 'x-amzn-errortype': error.type },
  });
}

export async function startBedrockEmulator(options: BedrockEmulatorOptions): Promise<BedrockEmulator> {
  const clock = offsetClock(options.now ?? Date.now);
  const durations: Durations = {
    trainingMs: options.trainingMs ?? 3 * 60_000,
    stoppingMs: options.stoppingMs ?? 20_000,
    provisioningMs: options.provisioningMs ?? 60_000,
    deploymentMs: options.deploymentMs ?? 2 * 60_000,
    streamIntervalMs: options.streamIntervalMs ?? 150,
  };
  const quotas: Quotas = {
    maxConcurrentTrainings: options.maxConcurrentTrainings ?? 2,
    maxNoCommitmentProvisionedThroughputs: options.maxNoCommitmentProvisionedThroughputs ?? 2,
  };
  const state = await EmulatorState.open(options.directory);
  const context: EmulatorContext = {
    state,
    models: new ModelTable(options.world ?? 'today'),
    s3: options.s3,
    buckets: new Set(options.buckets),
    accountId: options.accountId ?? '123456789012',
    now: clock.now,
    durations,
    quotas,
    // Ids differ between restarts on a kept directory (seeded from the count of known jobs).
    random: seededRandom(
      (options.seed ?? 7) + hashString(String(state.jobs.length + state.provisioned.length)),
    ),
    checkedData: new Map(),
    answerers: new Map(),
  };
  const region = options.region ?? 'us-east-1';
  const faults = new FaultInjector(options.faults);
  const onError = options.onError ?? ((error: unknown) => console.error('bedrock-emulator:', error));
  let stats: EmulatorStats = { calls: {}, throttled: 0, serverErrors: 0, hung: 0 };
  // Serialises control-plane work: settling reads S3 and writes state, and must not interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const handler = (request: AnyRequest, response: AnyResponse) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://emulator');
      const found = match(request.method ?? 'GET', url.pathname);
      if (!found) {
        sendError(
          response,
          new BedrockEmulatorError(
            'UnknownOperationException',
            `The Bedrock emulator has no operation at ${request.method} ${url.pathname}.`,
          ),
        );
        return;
      }
      const { operation } = found.route;
      stats.calls[operation] = (stats.calls[operation] ?? 0) + 1;
      const body = await readBody(request);
      if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
      const fault = faults.draw(operation);
      if (fault === 'hang') {
        stats.hung++;
        // No answer: the client's request timeout ends the call, or the connection is dropped (a
        // reset the client sees mid-request). Nothing was done, as when a request is lost on the way.
        const hangMs = faults.hangMs;
        if (hangMs !== undefined) setTimeout(() => request.destroy(), hangMs);
        return;
      }
      if (fault) {
        if (fault.type === 'ThrottlingException') stats.throttled++;
        else stats.serverErrors++;
        sendError(response, fault);
        return;
      }
      const operationRequest: OperationRequest = {
        operation,
        region: signedRegion(request) ?? region,
        params: found.params,
        query: url.searchParams,
        headers: request.headers,
        body,
      };
      const run = async () => {
        if (found.route.settles) await settleAll(context);
        return found.route.handle(context, operationRequest);
      };
      const result = found.route.settles ? await exclusive(run) : await run();
      await send(response, result);
    })().catch((error: unknown) => {
      if (error instanceof BedrockEmulatorError) {
        sendError(response, error);
        return;
      }
      onError(error);
      sendError(
        response,
        new BedrockEmulatorError(
          'InternalServerException',
          'The system encountered an unexpected error during processing. Try your request again.',
        ),
      );
    });
  };

  const host = options.host ?? '127.0.0.1';
  const server = await listenDual(handler, options.port ?? 0, host);

  return {
    url: `http://${host}:${server.port}`,
    world: context.models.world,
    close: async () => {
      await server.close();
      await queue;
      await state.flush();
    },
    setFaults: (settings) => faults.set(settings),
    clock,
    stats: () => ({
      calls: { ...stats.calls },
      throttled: stats.throttled,
      serverErrors: stats.serverErrors,
      hung: stats.hung,
    }),
    resetStats: () => {
      stats = { calls: {}, throttled: 0, serverErrors: 0, hung: 0 };
    },
  };
}
