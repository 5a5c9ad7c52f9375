/**
 * Serving fakes for the evaluation: a scripted `EvaluationServing` that records every prepare and
 * release and keeps count of what it made and removed.
 */
import type { EvaluationServing, EvaluationTarget } from '../../src/core/ports.js';

export class FakeEvaluationServing implements EvaluationServing {
  readonly calls: { operation: 'prepare' | 'release'; evaluationId: string }[] = [];
  /** Deployments made and not released, by evaluation id. */
  readonly live = new Set<string>();
  /** How many `prepare` calls answer "preparing" before the deployment is ready. */
  preparingPolls = 0;
  /** When set, `prepare` refuses with this reason. */
  refusal: string | undefined;
  /** Released keys: as with tune's endpoints, a released one is deleted and cannot serve again. */
  readonly released = new Set<string>();

  async prepare(evaluationId: string, model: { modelId: string }): Promise<EvaluationTarget> {
    this.calls.push({ operation: 'prepare', evaluationId });
    if (this.refusal) return { state: 'refused', reason: this.refusal };
    if (this.released.has(evaluationId)) {
      return { state: 'refused', reason: 'its endpoint was released and deleted' };
    }
    this.live.add(evaluationId);
    if (this.preparingPolls > 0) {
      this.preparingPolls--;
      return { state: 'preparing', temporary: true };
    }
    return {
      state: 'ready',
      // The same model answers under the same id whichever request made its endpoint.
      target: { invokeId: `arn:deployment/${model.modelId}`, path: 'on-demand', endpointId: evaluationId },
      temporary: true,
    };
  }

  async release(evaluationId: string): Promise<void> {
    this.calls.push({ operation: 'release', evaluationId });
    this.live.delete(evaluationId);
    this.released.add(evaluationId);
  }
}
