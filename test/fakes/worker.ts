/** Worker dependencies made of fakes, for tests that run tasks through `createWorker` or directly. */
import { WebClient } from '@slack/web-api';
import type { SQSEvent } from 'aws-lambda';
import { MESSAGE_ID_ATTRIBUTE } from '../../src/aws/sqs-queue.js';
import { Asker } from '../../src/core/asking/index.js';
import { catalogOffers } from '../../src/core/catalog/index.js';
import { SlackFiles } from '../../src/slack/files.js';
import type { Task } from '../../src/slack/tasks.js';
import type { WorkerDependencies } from '../../src/slack/worker-dependencies.js';
import { InMemoryChannelSettingsStore, ScriptedThreads } from './channels.js';
import { FixedClock } from './clock.js';
import { InMemoryServingDirectory } from './custom-models.js';
import { ScriptedCustomizer } from './customizer.js';
import { FakeEvaluationServing } from './evaluation-serving.js';
import { RecordingLogger } from './logger.js';
import { ScriptedModelRuntime } from './model-runtime.js';
import { RecordingNotifier } from './notifier.js';
import { InMemoryCustomModelStore, InMemoryDeployProposalStore, InMemoryEndpointStore } from './serving.js';
import {
  InMemoryDatasetIndex,
  InMemoryDatasetStore,
  InMemoryEvaluationResultsStore,
  InMemoryIdempotencyStore,
  InMemoryJobStore,
  InMemoryProposalStore,
  InMemoryUploadStore,
  RecordingQueue,
} from './stores.js';

export function fakeWorkerDependencies() {
  const clock = new FixedClock();
  const fakes = {
    clock,
    notifier: new RecordingNotifier(),
    logger: new RecordingLogger(),
    idempotency: new InMemoryIdempotencyStore(clock),
    jobs: new InMemoryJobStore(),
    datasets: new InMemoryDatasetIndex(),
    datasetStore: new InMemoryDatasetStore(),
    customizer: new ScriptedCustomizer(),
    queue: new RecordingQueue<Task>(),
    runtime: new ScriptedModelRuntime(),
    evaluationResults: new InMemoryEvaluationResultsStore(),
    evaluationServing: new FakeEvaluationServing(),
    customModels: new InMemoryCustomModelStore(),
    proposals: new InMemoryProposalStore(),
    endpoints: new InMemoryEndpointStore(),
  };
  const dependencies: WorkerDependencies = {
    ...fakes,
    // Never called here: these tests share no files.
    files: new SlackFiles({
      client: new WebClient('xoxb-unused', { slackApiUrl: 'http://127.0.0.1:9/api/' }),
      botToken: 'xoxb-unused',
      allowedOrigins: [],
      maxBytes: 0,
    }),
    uploads: new InMemoryUploadStore(),
    deployProposals: new InMemoryDeployProposalStore(),
    serving: { region: 'us-east-1', idleTtlMinutes: 120, maxEndpointHoursPerDay: 8 },
    directory: { usergroupMembers: async () => [], channelIsPrivate: async () => false },
    asking: {
      models: fakes.customModels,
      asker: new Asker({
        models: fakes.customModels,
        serving: new InMemoryServingDirectory(),
        runtime: fakes.runtime,
        clock,
      }),
    },
    channelSettings: new InMemoryChannelSettingsStore(),
    threads: new ScriptedThreads(),
    authorization: { users: ['U-admin'], usergroup: undefined, channels: [] },
    formKey: 'form-key',
    offers: async () => catalogOffers({ region: 'us-east-1' }),
    bedrockRoleArn: 'arn:aws:iam::111122223333:role/bedrock',
    sleep: async () => {},
  };
  return { ...fakes, dependencies };
}

/** One SQS record as the event source mapping delivers it, carrying tune's message id. */
export function sqsEvent(id: string, body: Task | string, receiveCount = 1): SQSEvent {
  return {
    Records: [
      {
        messageId: `m-${id}`,
        receiptHandle: 'r',
        body: typeof body === 'string' ? body : JSON.stringify(body),
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: '0',
          SenderId: 's',
          ApproximateFirstReceiveTimestamp: '0',
        },
        messageAttributes: {
          [MESSAGE_ID_ATTRIBUTE]: {
            dataType: 'String',
            stringValue: id,
            stringListValues: [],
            binaryListValues: [],
          },
        },
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn',
        awsRegion: 'us-east-1',
      },
    ],
  };
}
