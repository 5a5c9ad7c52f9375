/**
 * In-memory stand-ins for the custom model registry and the directory of what serves each model
 * (the DynamoDB store and the Bedrock-backed directory belong to the serving side). They keep the
 * same rules as the ports promise: `listVisibleIn` finds models trained in the channel or shared
 * into it, newest first; `touch` only moves `lastUsedAt` forward; `current` answers only what was
 * registered as serving now.
 */
import type {
  CustomModelRecord,
  CustomModelStore,
  ServingDirectory,
  ServingTarget,
} from '../../src/core/ports.js';

export class InMemoryCustomModelStore implements CustomModelStore {
  readonly models = new Map<string, CustomModelRecord>();
  /** Every put, in order (tests check what `/tune share` wrote). */
  readonly puts: CustomModelRecord[] = [];

  async put(model: CustomModelRecord): Promise<void> {
    this.puts.push(structuredClone(model));
    this.models.set(model.modelId, structuredClone(model));
  }

  async get(modelId: string): Promise<CustomModelRecord | undefined> {
    const model = this.models.get(modelId);
    return model ? structuredClone(model) : undefined;
  }

  async listVisibleIn(teamId: string, channelId: string, limit: number): Promise<CustomModelRecord[]> {
    return [...this.models.values()]
      .filter(
        (model) =>
          model.teamId === teamId && (model.channelId === channelId || model.sharedWith.includes(channelId)),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit)
      .map((model) => structuredClone(model));
  }

  async touch(modelId: string, at: Date): Promise<void> {
    const model = this.models.get(modelId);
    if (!model) return;
    const iso = at.toISOString();
    if (!model.lastUsedAt || model.lastUsedAt < iso) model.lastUsedAt = iso;
  }
}

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
