/**
 * Which model a person means, and whether it may answer where they asked (DESIGN.md §7): a model
 * answers only in the channel whose data trained it and in the channels an authorized person
 * shared it with (`/tune share`). A model of another workspace is never found at all, and one of
 * another channel is named only by what the asker typed: nothing about that channel is said.
 */
import { NotFoundError } from '../errors.js';
import type { CustomModelRecord, CustomModelStore } from '../ports.js';

export interface AskPlace {
  teamId: string;
  channelId: string;
  userId: string;
}

/** True when the model may answer in this channel. */
export function answersIn(model: CustomModelRecord, place: Pick<AskPlace, 'teamId' | 'channelId'>): boolean {
  if (model.teamId !== place.teamId) return false;
  return model.channelId === place.channelId || model.sharedWith.includes(place.channelId);
}

/** Why a model of another channel does not answer here, for the asker only. */
export function refusalText(model: CustomModelRecord): string {
  return `${model.name} was trained on another channel's data, and tune keeps a channel's data in that channel: the model answers only there and in the channels it is shared with. Nothing was sent to it. Someone allowed to spend money can share it from its own channel: \`/tune share ${model.modelId} #channel\`, naming this channel.`;
}

/** The shortest prefix of a model id people may type (ids are long and random). */
const MIN_ID_PREFIX = 6;

/**
 * The model a person named: its id, an id prefix or its name among the models visible in this
 * channel, or its exact id wherever it was trained (so that asking from the wrong channel is
 * explained, not answered with "no such model"). Deleted models are not found.
 */
export async function findModel(
  models: CustomModelStore,
  place: Pick<AskPlace, 'teamId' | 'channelId'>,
  reference: string,
): Promise<CustomModelRecord> {
  const wanted = reference.trim();
  const direct = wanted === '' ? undefined : await models.get(wanted);
  if (direct && direct.teamId === place.teamId && !direct.deletedAt) return direct;
  const visible = await models.listVisibleIn(place.teamId, place.channelId, 100);
  const lower = wanted.toLowerCase();
  const found =
    visible.find((model) => model.name.toLowerCase() === lower) ??
    (wanted.length >= MIN_ID_PREFIX ? visible.find((model) => model.modelId.startsWith(wanted)) : undefined);
  if (found && !found.deletedAt) return found;
  throw new NotFoundError(
    `No model "${wanted}" answers in this channel. Models answer in the channel that trained them and where they are shared; \`/tune list\` shows this channel's jobs, whose ids name their models.`,
  );
}
