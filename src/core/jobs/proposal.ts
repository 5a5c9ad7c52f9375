/**
 * A job someone asked for and nobody has confirmed yet: everything `/tune start` resolved (the
 * dataset, the model, the hyperparameters, the estimate) frozen so that what is confirmed is
 * exactly what was shown. Its id is what the Start button carries and what the Bedrock
 * `clientRequestToken` is derived from.
 */
import * as z from 'zod';
import { evaluationOfferSchema } from '../evaluation/offer.js';
import { CUSTOMIZATION_TYPES } from './job.js';

export const PROPOSAL_STATUS = ['proposed', 'confirmed', 'cancelled'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUS)[number];

export const proposalSchema = z.object({
  proposalId: z.string().min(1),
  status: z.enum(PROPOSAL_STATUS),
  teamId: z.string(),
  channelId: z.string(),
  userId: z.string(),
  createdAt: z.string(),
  dataset: z.object({
    datasetId: z.string(),
    name: z.string(),
    key: z.string(),
    records: z.number(),
    tokens: z.number(),
    exactTokens: z.boolean(),
  }),
  validation: z.object({ key: z.string(), name: z.string(), records: z.number() }).optional(),
  modelId: z.string(),
  modelName: z.string(),
  legacyModel: z.boolean(),
  /** When Bedrock stops serving the base model (yyyy-mm-dd), where known; set for legacy models. */
  modelEndOfLife: z.string().optional(),
  customizationType: z.enum(CUSTOMIZATION_TYPES),
  customModelName: z.string(),
  hyperParameters: z.record(z.string(), z.string()),
  /** Evaluate when done: held-out data, availability, its estimate; absent on proposals made before it. */
  evaluation: evaluationOfferSchema.optional(),
  estimate: z.object({
    billedTokens: z.number(),
    usd: z.number().nullable(),
    low: z.number().nullable(),
    high: z.number().nullable(),
    /** Where the training price came from and when (`describePriceSource`); absent on older proposals. */
    priceSource: z.string().optional(),
    notes: z.array(z.string()),
  }),
  /** Who confirmed, and when: set once by the conditional confirm. */
  confirmedBy: z.string().optional(),
  confirmedAt: z.string().optional(),
  /** Where the confirmation message is, so it can be updated in place. */
  messageTs: z.string().optional(),
});

export type Proposal = z.infer<typeof proposalSchema>;
