/**
 * `EvaluationServing` on Bedrock's on-demand custom model deployments, through the `Customizer`
 * port (Create, Get, Delete and List CustomModelDeployment; docs/bedrock-emulator-world.md, "Serving
 * custom models"): an
 * evaluation gets a deployment of its own, `tune-eval-<evaluation id>`, billed per token like the
 * base model and with no hourly fee, and removes it when it ends.
 *
 * - `prepare` looks the deployment up by its name first, so a poll, a redelivered run or a
 *   continuation finds the one already made; the create call carries a token derived from the
 *   evaluation id, so a retried create returns it too instead of making a second.
 * - Only base models with on-demand deployment in the region are served (Nova in us-east-1, Llama
 *   3.3 70B in us-west-2); a model that would need Provisioned Throughput (billed by the hour until
 *   deleted) is refused: an evaluation never buys hourly capacity on its own.
 * - `sweepTemporaryDeployments` is the backstop the watch runs: a `tune-eval-` deployment older than
 *   any evaluation lasts is one a crash left behind, and is deleted.
 *
 * It is the evaluation's own small use of serving: it knows nothing of endpoints made to answer
 * questions, and keeps no record of its own beyond the deployment's name (docs/evaluation.md, §3,
 * "Serving the tuned model", says what it assumes).
 */
import { findModel } from '../catalog/index.js';
import { ConflictError, isTuneError, NotFoundError } from '../errors.js';
import type {
  Clock,
  Customizer,
  CustomModelDeploymentInfo,
  EvaluationServing,
  EvaluationTarget,
  Logger,
} from '../ports.js';

export const EVALUATION_DEPLOYMENT_PREFIX = 'tune-eval-';
/**
 * An evaluation is at most 100 records × 2 answers, with backoff, over a few 5-minute runs: a
 * deployment of this age is left over from a crash. Generous, because deleting one an evaluation
 * still uses would fail its remaining records.
 */
export const EVALUATION_DEPLOYMENT_MAX_AGE_MS = 6 * 60 * 60 * 1000;

/** Deployment names allow `([0-9a-zA-Z][_-]?){1,63}`; evaluation ids are lower-case letters and digits. */
export function evaluationDeploymentName(evaluationId: string): string {
  if (!/^[a-z0-9]{1,53}$/.test(evaluationId)) throw new RangeError(`not an evaluation id: ${evaluationId}`);
  return `${EVALUATION_DEPLOYMENT_PREFIX}${evaluationId}`;
}

export class TemporaryDeployments implements EvaluationServing {
  private readonly customizer: Customizer;
  private readonly region: string;

  constructor(options: { customizer: Customizer; region: string }) {
    this.customizer = options.customizer;
    this.region = options.region;
  }

  async prepare(
    evaluationId: string,
    model: { modelId: string; modelArn: string; baseModelId: string },
  ): Promise<EvaluationTarget> {
    const base = findModel(model.baseModelId);
    const regions = base?.serving.onDemandDeployment.value;
    if (!base || regions === 'unknown' || !regions?.includes(this.region)) {
      return {
        state: 'refused',
        reason: `models tuned on ${base?.name ?? model.baseModelId} cannot be deployed on demand in ${this.region}; they answer only through Provisioned Throughput, billed by the hour, which tune does not buy for an evaluation.`,
      };
    }
    const name = evaluationDeploymentName(evaluationId);
    let found = await this.lookUp(name);
    if (!found) {
      try {
        await this.customizer.createCustomModelDeployment({
          deploymentName: name,
          modelArn: model.modelArn,
          clientRequestToken: name,
          tags: { 'tune:evaluation': evaluationId, 'tune:model': model.modelId, 'tune:temporary': 'true' },
          description: `tune evaluation ${evaluationId}; deleted when it ends`,
        });
      } catch (error) {
        // Another run made it between the look-up and the create: it is being made.
        if (error instanceof ConflictError) return { state: 'preparing', temporary: true };
        if (isTuneError(error) && !error.retryable) {
          return { state: 'refused', reason: `Bedrock refused to deploy the tuned model: ${error.message}` };
        }
        throw error;
      }
      // Looked at again at once: where a deployment is quick to make, this run need not wait.
      found = await this.lookUp(name);
      if (!found) return { state: 'preparing', temporary: true };
    }
    if (found.status === 'Active') {
      return {
        state: 'ready',
        target: { invokeId: found.deploymentArn, path: 'on-demand', endpointId: name },
        temporary: true,
      };
    }
    if (found.status === 'Failed') {
      return {
        state: 'refused',
        reason: `the deployment of the tuned model failed: ${found.failureMessage ?? 'Bedrock gave no reason'}.`,
      };
    }
    return { state: 'preparing', temporary: true };
  }

  private async lookUp(name: string): Promise<CustomModelDeploymentInfo | undefined> {
    try {
      return await this.customizer.getCustomModelDeployment(name);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async release(evaluationId: string): Promise<void> {
    try {
      await this.customizer.deleteCustomModelDeployment(evaluationDeploymentName(evaluationId));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
}

/**
 * The backstop: deletes `tune-eval-` deployments older than `maxAgeMs`. Returns the names deleted.
 * A deletion that fails is logged and left for the next run.
 */
export async function sweepTemporaryDeployments(dependencies: {
  customizer: Customizer;
  clock: Clock;
  logger: Logger;
  maxAgeMs?: number;
}): Promise<string[]> {
  const { customizer, clock, logger } = dependencies;
  const maxAgeMs = dependencies.maxAgeMs ?? EVALUATION_DEPLOYMENT_MAX_AGE_MS;
  const now = clock.now().getTime();
  const deleted: string[] = [];
  for (const deployment of await customizer.listCustomModelDeployments()) {
    if (!deployment.deploymentName.startsWith(EVALUATION_DEPLOYMENT_PREFIX)) continue;
    if (now - deployment.createdAt.getTime() < maxAgeMs) continue;
    try {
      await customizer.deleteCustomModelDeployment(deployment.deploymentArn);
      deleted.push(deployment.deploymentName);
    } catch (error) {
      if (error instanceof NotFoundError) continue;
      logger.warn('could not delete a left-over evaluation deployment; the next run will try again', {
        deployment: deployment.deploymentName,
        error: String(error),
      });
    }
  }
  if (deleted.length > 0) logger.info('deleted left-over evaluation deployments', { deleted });
  return deleted;
}
