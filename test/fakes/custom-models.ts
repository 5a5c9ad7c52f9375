/**
 * A directory of what serves each model, in memory: `current` answers only what a test registered
 * as serving now (the registry's fake is in ./serving.ts, beside the endpoint store's).
 */
import type { CustomModelRecord, ServingDirectory, ServingTarget } from '../../src/core/ports.js';

export { InMemoryCustomModelStore } from './serving.js';

export class InMemoryServingDirectory implements ServingDirectory {
  private readonly targets = new Map<string, ServingTarget>();
  /** How many times each model's endpoint was looked up. */
  readonly lookups: string[] = [];

  serve(modelId: string, target: ServingTarget): this {
    this.targets.set(modelId, target);
    return this;
  }

  stop(modelId: string): void {
    this.targets.delete(modelId);
  }

  async current(modelId: string): Promise<ServingTarget | undefined> {
    this.lookups.push(modelId);
    return this.targets.get(modelId);
  }
}

/** A record as the serving side writes it for a completed job; override what a test needs. */
export function customModel(overrides: Partial<CustomModelRecord> = {}): CustomModelRecord {
  return {
    modelId: 'job0000support',
    teamId: 'T0TUNE',
    channelId: 'C0MLEXPERIMENTS',
    userId: 'U0ALICE',
    name: 'support-bot',
    modelArn: 'arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-micro-v1:0:128k/abc123',
    baseModelId: 'amazon.nova-micro-v1:0:128k',
    customizationType: 'FINE_TUNING',
    createdAt: '2026-11-26T12:00:00.000Z',
    sharedWith: [],
    ...overrides,
  };
}
