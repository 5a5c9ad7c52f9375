/**
 * A deployment someone asked for and nobody has confirmed yet: the model, the serving path and the
 * price shown, frozen so that what is confirmed is what was shown. Its id is what the confirmation
 * button carries; the endpoint's id and Bedrock's `clientRequestToken` are derived from it, so
 * two presses, or a redelivered press, make one endpoint.
 */
import * as z from 'zod';

export const DEPLOY_PROPOSAL_STATUS = ['proposed', 'confirmed', 'cancelled'] as const;

export const deployProposalSchema = z.object({
  proposalId: z.string().min(1),
  status: z.enum(DEPLOY_PROPOSAL_STATUS),
  teamId: z.string(),
  channelId: z.string(),
  userId: z.string(),
  createdAt: z.string(),
  modelId: z.string(),
  modelName: z.string(),
  baseModelId: z.string(),
  path: z.enum(['on-demand', 'provisioned']),
  /** Per model unit and hour (Provisioned Throughput); null: no confirmed price. */
  hourlyUsd: z.number().nullable().optional(),
  priceSource: z.string().optional(),
  /** Why this path: the catalog's reason, or `--provisioned`. */
  pathReason: z.string(),
  confirmedBy: z.string().optional(),
  confirmedAt: z.string().optional(),
});

export type DeployProposal = z.infer<typeof deployProposalSchema>;
