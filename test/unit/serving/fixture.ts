/** The serving use cases wired to fakes, a fixed clock and recorders of what Slack would be told. */
import type { CustomModelRecord } from '../../../src/core/ports.js';
import type { Endpoint, EndpointTransition } from '../../../src/core/serving/endpoint.js';
import type { Deadline } from '../../../src/core/serving/guard.js';
import type { ChannelReport, EndpointWatchDependencies } from '../../../src/core/serving/watch.js';
import { FixedClock } from '../../fakes/clock.js';
import { RecordingLogger } from '../../fakes/logger.js';
import {
  FakeServingBedrock,
  InMemoryCustomModelStore,
  InMemoryDeployProposalStore,
  InMemoryEndpointStore,
} from '../../fakes/serving.js';
import { InMemoryIdempotencyStore } from '../../fakes/stores.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A Nova Micro model tuned after on-demand deployment began, in channel C1. */
export function novaModel(overrides: Partial<CustomModelRecord> = {}): CustomModelRecord {
  return {
    modelId: 'm1',
    teamId: 'T1',
    channelId: 'C1',
    userId: 'U1',
    name: 'support-bot-m1',
    modelArn: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/amazon.nova-micro-v1:0:128k/abcdefabcdef',
    baseModelId: 'amazon.nova-micro-v1:0:128k',
    customizationType: 'FINE_TUNING',
    createdAt: '2026-11-20T10:00:00.000Z',
    sharedWith: [],
    threadTs: '1700000000.000100',
    ...overrides,
  };
}

export function setup(options: { start?: string; readyAfterMs?: number } = {}) {
  const clock = new FixedClock(options.start ?? '2026-11-26T06:00:00.000Z');
  const bedrock = new FakeServingBedrock(clock, options.readyAfterMs ?? 10 * MINUTE);
  const endpoints = new InMemoryEndpointStore();
  const models = new InMemoryCustomModelStore();
  const proposals = new InMemoryDeployProposalStore();
  const logger = new RecordingLogger();
  const announced: { endpointId: string; change: string; status: string }[] = [];
  const reminders: { endpointId: string; deadline: Deadline; keepable: boolean }[] = [];
  const mornings: ChannelReport[] = [];
  const storage: { modelId: string; unusedDays: number }[] = [];
  const ready: string[] = [];
  let failSlack = 0;
  const slack = async () => {
    if (failSlack > 0) {
      failSlack--;
      throw new Error('Slack is down');
    }
  };
  const dependencies: EndpointWatchDependencies = {
    endpoints,
    models,
    storedModels: models,
    customizer: bedrock,
    idempotency: new InMemoryIdempotencyStore(clock),
    clock,
    logger,
    settings: { region: 'us-east-1', idleTtlMinutes: 120, maxEndpointHoursPerDay: 8 },
    announceEndpoint: async (endpoint: Endpoint, transition: EndpointTransition) => {
      await slack();
      announced.push({
        endpointId: endpoint.endpointId,
        change: `${transition.from}->${transition.to}`,
        status: endpoint.status,
      });
    },
    onEvaluationEndpointReady: async (evaluationId: string) => {
      ready.push(evaluationId);
    },
    remind: async (endpoint, deadline, keepable) => {
      await slack();
      reminders.push({ endpointId: endpoint.endpointId, deadline, keepable });
    },
    morningReport: async (report) => {
      await slack();
      mornings.push(report);
    },
    storageReminder: async (model, unusedDays) => {
      await slack();
      storage.push({ modelId: model.modelId, unusedDays });
    },
  };
  return {
    clock,
    bedrock,
    endpoints,
    models,
    proposals,
    logger,
    announced,
    reminders,
    mornings,
    storage,
    ready,
    dependencies,
    failNextSlackCalls: (count: number) => {
      failSlack = count;
    },
  };
}
