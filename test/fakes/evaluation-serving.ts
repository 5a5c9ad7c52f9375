/**
 * Serving fakes for the evaluation: a scripted `EvaluationServing` that records every prepare and
 * release and keeps count of what it made and removed, and an in-memory `CustomModelStore`.
 */
import type {
  CustomModelRecord,
  CustomModelStore,
  EvaluationServing,
  EvaluationTarget,
} from '../../src/core/ports.js';

export class FakeEvaluationServing implements EvaluationServing {
  readonly calls: { operation: 'prepare' | 'release'; evaluationId: string }[] = [];
  /** Deployments made and not released, by evaluation id. */
  readonly live = new Set<string>();
  /** How many `prepare` calls answer "preparing" before the deployment is ready. */
  preparingPolls = 0;
  /** When set, `prepare` refuses with this reason. */
  refusal: string | undefined;

  async prepare(evaluationId: string): Promise<EvaluationTarget> {
    this.calls.push({ operation: 'prepare', evaluationId });
    if (this.refusal) return { state: 'refused', reason: this.refusal };
    this.live.add(evaluationId);
    if (this.preparingPolls > 0) {
      this.preparingPolls--;
      return { state: 'preparing', temporary: true };
    }
    return {
      state: 'ready',
      target: { invokeId: `arn:deployment/${evaluationId}`, path: 'on-demand', endpointId: evaluationId },
      temporary: true,
    };
  }

  async release(evaluationId: string): Promise<void> {
    this.calls.push({ operation: 'release', evaluationId });
    this.live.delete(evaluationId);
  }
}

export class InMemoryCustomModelStore implements CustomModelStore {
  readonly records = new Map<string, CustomModelRecord>();
  async put(model: CustomModelRecord): Promise<void> {
    this.records.set(model.modelId, structuredClone(model));
  }
  async get(modelId: string): Promise<CustomModelRecord | undefined> {
    const record = this.records.get(modelId);
    return record ? structuredClone(record) : undefined;
  }
  async listVisibleIn(teamId: string, channelId: string, limit: number): Promise<CustomModelRecord[]> {
    return [...this.records.values()]
      .filter(
        (record) =>
          record.teamId === teamId &&
          (record.channelId === channelId || record.sharedWith.includes(channelId)),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit);
  }
  async touch(modelId: string, at: Date): Promise<void> {
    const record = this.records.get(modelId);
    if (record && (!record.lastUsedAt || record.lastUsedAt < at.toISOString()))
      record.lastUsedAt = at.toISOString();
  }
}
