/**
 * `/tune models`: the custom models of this channel and those shared into it, newest first, with
 * what serves each, what serving has cost, and the endpoints in Bedrock that tune did not make.
 */
import { modelListMessage } from '../blocks/serving.js';
import type { SlashSubcommand } from './types.js';

/** Endpoints read per model for its cost so far: more than a model makes in months. */
const ENDPOINTS_PER_MODEL = 50;

export const models: SlashSubcommand = {
  name: 'models',
  async run(invocation, dependencies) {
    const { teamId, channelId } = invocation;
    const visible = await dependencies.customModels.listVisibleIn(teamId, channelId, 40);
    const entries = await Promise.all(
      visible.map(async (model) => ({
        model,
        endpoints: await dependencies.endpoints.listByModel(model.modelId, ENDPOINTS_PER_MODEL),
      })),
    );
    const unrecorded = (await dependencies.endpoints.getUnrecorded())?.endpoints ?? [];
    return modelListMessage(teamId, channelId, entries, unrecorded, dependencies.clock.now());
  },
};
