/** What serves each model now, read from tune's endpoint records (the watch keeps their status). */
import type { EndpointStore, ServingDirectory, ServingTarget } from '../ports.js';
import type { Endpoint } from './endpoint.js';

/** The target an endpoint gives: what InvokeModel, Converse and ConverseStream take as `modelId`. */
export function servingTargetOf(endpoint: Endpoint): ServingTarget {
  return {
    invokeId: endpoint.arn ?? endpoint.bedrockName,
    path: endpoint.path,
    endpointId: endpoint.endpointId,
  };
}

/**
 * `current(modelId)`: the model's Serving endpoint, people's own before an evaluation's, newest
 * first. Undefined while nothing serves it (not deployed, still being created, being deleted).
 * One query on the index of live endpoints, narrowed to the model.
 */
export class EndpointServingDirectory implements ServingDirectory {
  constructor(private readonly endpoints: EndpointStore) {}

  async current(modelId: string): Promise<ServingTarget | undefined> {
    const serving = (await this.endpoints.listLiveForModel(modelId))
      .filter((endpoint) => endpoint.status === 'Serving' && endpoint.arn !== undefined)
      .sort(
        (left, right) =>
          Number(left.purpose !== 'chat') - Number(right.purpose !== 'chat') ||
          right.createdAt.localeCompare(left.createdAt),
      );
    const chosen = serving[0];
    return chosen ? servingTargetOf(chosen) : undefined;
  }
}
