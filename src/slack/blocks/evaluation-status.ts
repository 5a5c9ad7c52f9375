/**
 * The evaluation's message while it runs (it becomes the result when done), the line that says why
 * one stopped, and the headline shown on job cards and in App Home.
 */
import type { KnownBlock } from '@slack/types';
import type { EvaluationAbout, EvaluationPhase } from '../../core/evaluation/evaluate-job.js';
import type { EvaluationHeadline, HeldOut } from '../../core/evaluation/offer.js';
import type { OutboundMessage } from '../../core/ports.js';
import { code, LIMITS, mrkdwn } from './safe-text.js';

const SOURCE: Record<HeldOut['source'], string> = {
  test: 'test data',
  validation: 'validation data',
  split: 'held-out split',
};

export function evaluationProgressMessage(
  modelName: string,
  about: EvaluationAbout,
  phase: EvaluationPhase | { phase: 'starting' },
): OutboundMessage {
  const what = `*Did tuning help?* Comparing *${mrkdwn(modelName)}* with its base model \`${code(about.baseModelId)}\` on ${about.records} records of ${mrkdwn(about.heldOut.name, LIMITS.name)} (${SOURCE[about.heldOut.source]}).`;
  let status: string;
  switch (phase.phase) {
    case 'starting':
      status = ':hourglass_flowing_sand: Starting…';
      break;
    case 'deploying':
      status =
        ':hourglass_flowing_sand: Deploying the tuned model on demand for the evaluation (it is removed afterwards)…';
      break;
    case 'scoring':
      status = `:hourglass_flowing_sand: ${phase.done} of ${phase.total} records done${phase.failed > 0 ? ` (${phase.failed} failed)` : ''}…`;
      break;
  }
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: what } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: status }] },
  ];
  return {
    text: `Evaluating ${modelName}: ${phase.phase === 'scoring' ? `${phase.done} of ${phase.total} records done` : phase.phase}`,
    blocks,
  };
}

/** Why an evaluation ended without a result. */
export function evaluationStoppedMessage(modelName: string, why: string): OutboundMessage {
  const text = `:warning: *${mrkdwn(modelName)}* was not evaluated: ${mrkdwn(why, LIMITS.message)}`;
  return { text: text.replace(/\*/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

const two = (value: number) => value.toFixed(2);

/** "METEOR 0.21 → 0.48, ROUGE-L 0.18 → 0.52" */
export function headlineText(headline: EvaluationHeadline): string {
  return `METEOR ${two(headline.meteor.base)} → ${two(headline.meteor.tuned)}, ROUGE-L ${two(headline.rougeL.base)} → ${two(headline.rougeL.tuned)}`;
}

/** The headline with its verdict and record count, for cards and App Home. */
export function headlineLine(headline: EvaluationHeadline): string {
  return `*Did tuning help?* ${headlineText(headline)} (base → tuned, ${headline.records} held-out records): ${mrkdwn(headline.verdict, 300)}`;
}
