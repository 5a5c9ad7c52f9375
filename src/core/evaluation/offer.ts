/**
 * "Evaluate when done", as a proposal offers it and a job carries it: which held-out records the
 * tuned model would be compared on, whether the comparison can run without anyone buying hourly
 * capacity, what it would cost, and whether the person who presses Start agrees to it.
 *
 * Held-out records, first found wins: a test dataset (`--test`), the validation dataset
 * (`--validation`), the training dataset's own split (`--split` when it was shared). Validation data
 * Bedrock used during training is still held out from the training records, so it is fair to
 * compare on. It runs on its own only where the base model answers on demand in the region and the
 * tuned model can be deployed on demand (per token, no hourly fee); it is on by default then.
 */
import * as z from 'zod';
import type { CatalogModel } from '../catalog/types.js';
import type { CustomizationType } from '../jobs/job.js';
import { type EvaluationEstimate, estimateForAverage, evaluationEstimateSchema } from './estimate.js';
import { evaluationModels } from './models.js';

export const heldOutSchema = z.object({
  key: z.string(),
  name: z.string(),
  records: z.number().int().nonnegative(),
  source: z.enum(['test', 'validation', 'split']),
});
export type HeldOut = z.infer<typeof heldOutSchema>;

export const evaluationOfferSchema = z.object({
  heldOut: heldOutSchema.optional(),
  /** Why it cannot run when the job completes; absent when it can. */
  unavailable: z.string().optional(),
  /** Evaluate as soon as the job completes: agreed to by whoever pressed Start. */
  whenDone: z.boolean(),
  estimate: evaluationEstimateSchema.optional(),
});
export type EvaluationOffer = z.infer<typeof evaluationOfferSchema>;

/** The headline a finished evaluation leaves on the job and on the custom model's record. */
export const evaluationHeadlineSchema = z.object({
  at: z.string(),
  records: z.number(),
  meteor: z.object({ base: z.number(), tuned: z.number() }),
  rougeL: z.object({ base: z.number(), tuned: z.number() }),
  verdict: z.string(),
});
export type EvaluationHeadline = z.infer<typeof evaluationHeadlineSchema>;

export function offerEvaluation(input: {
  model: CatalogModel;
  type: CustomizationType;
  region: string | undefined;
  heldOut: HeldOut | undefined;
  /** The training dataset's figures: its average record stands for a held-out one in the estimate. */
  training: { records: number; tokens: number };
  /** `--evaluate yes|no`, or the form's checkbox; absent: the default. */
  wanted?: boolean;
}): EvaluationOffer {
  const { heldOut } = input;
  const models = evaluationModels(input.model, input.type, input.region);
  let unavailable: string | undefined;
  if (!heldOut) {
    unavailable =
      'no held-out data: name a test dataset with --test, a --validation dataset, or share the training file with --split 0.1.';
  } else if (heldOut.records === 0) {
    unavailable = `${heldOut.name} has no records.`;
  } else if (!models.ok) {
    unavailable = `the base model cannot be asked on demand: ${models.reason}`;
  } else if (!models.deployableOnDemand) {
    unavailable = `a model tuned on ${input.model.name} answers only through Provisioned Throughput in ${input.region}, billed by the hour; tune does not buy it for an evaluation.`;
  }
  let estimate: EvaluationEstimate | undefined;
  if (heldOut && models.ok) {
    estimate = estimateForAverage(
      {
        heldOutRecords: heldOut.records,
        tokensPerRecord: input.training.tokens / Math.max(1, input.training.records),
      },
      models.prices,
    );
  }
  return {
    ...(heldOut ? { heldOut } : {}),
    ...(unavailable ? { unavailable } : {}),
    whenDone: unavailable === undefined && (input.wanted ?? true),
    ...(estimate ? { estimate } : {}),
  };
}
