/**
 * What a person should do about a job that failed or was refused: Bedrock's own words first, then
 * the fix for the failures people actually hit (docs/bedrock-facts.md, "Failures people hit").
 */
import { isTuneError } from '../errors.js';

const KNOWN_FAILURES: readonly { pattern: RegExp; advice: string }[] = [
  {
    pattern: /token count (\d+) exceeds limit of (\d+)/i,
    advice:
      'A record is longer than the model allows. Share the file again (or run `tune validate`) to see which lines are over the limit, shorten or split them, and start again.',
  },
  {
    pattern: /must follow .*format/i,
    advice:
      'Bedrock did not recognise the records. Each line must be one JSON object in the format the model expects; share the file again and tune lists the lines that are off.',
  },
  {
    pattern: /assume provided IAM role|could not assume/i,
    advice:
      "Bedrock could not assume tune's service role: its trust policy must allow bedrock.amazonaws.com (see serverless.yml, BedrockServiceRole).",
  },
  {
    pattern: /iam:PassRole/i,
    advice: "tune's worker may not pass the Bedrock role: its policy needs iam:PassRole on that role.",
  },
  {
    pattern: /access ?denied|not authorized/i,
    advice:
      "AWS refused the call. Check that model access is granted in the Bedrock console for this region and that tune's roles are as deployed.",
  },
  {
    pattern: /s3|no such key|bucket/i,
    advice:
      'Bedrock could not read the data or write the output in S3; check the dataset still exists and the bucket policy.',
  },
];

export function adviceFor(message: string): string | undefined {
  return KNOWN_FAILURES.find((known) => known.pattern.test(message))?.advice;
}

/** Why CreateModelCustomizationJob refused a job, and what to do, for the job's thread. */
export function explainRefusal(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (isTuneError(error)) {
    switch (error.code) {
      case 'quota_exceeded':
        return `${message}\nBedrock runs at most 2 customization jobs at once per account and this limit cannot be raised. Wait for a running job to finish (\`/tune list\`) or stop one (\`/tune stop <job>\`), then confirm again.`;
      case 'access_denied':
        return `${message}\n${adviceFor(message) ?? adviceFor('access denied')}`;
      case 'not_found':
        return `${message}\nThe base model may not be offered for customization in this region; \`tune models --refresh\` shows what the region offers.`;
      default:
        break;
    }
  }
  const advice = adviceFor(message);
  return advice ? `${message}\n${advice}` : message;
}

/**
 * True when Bedrock refused a job because of its base model: unknown, not customizable here, or
 * past its end of life. Then the cached list of offered models is out of date and is read again.
 */
export function refusalConcernsModel(error: unknown): boolean {
  if (isTuneError(error) && error.code === 'not_found') return true;
  const message = error instanceof Error ? error.message : String(error);
  return /model identifier|end of its life|base model|not supported for customi[sz]ation/i.test(message);
}
