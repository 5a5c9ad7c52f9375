/**
 * Compares our scores with a reference scorer's output (scripts/reference/score_reference.py) pair
 * by pair: prints the max |difference| per metric, the pairs whose tokens or scores differ, and
 * exits 1 past the tolerances (ROUGE 1e-6, METEOR 1e-3).
 *
 * Usage: npx tsx scripts/reference/compare.ts <pairs.jsonl> <reference-scores.jsonl> [--verbose]
 */
import { readFileSync } from 'node:fs';
import { METRIC_NAMES, scorePair, wordTokenize } from '../../src/core/evaluation/index.js';

const [pairsPath, referencePath] = process.argv.slice(2);
const verbose = process.argv.includes('--verbose');
if (!pairsPath || !referencePath) {
  process.stderr.write('usage: tsx scripts/reference/compare.ts <pairs.jsonl> <reference-scores.jsonl>\n');
  process.exit(2);
}
const readLines = (path: string): Record<string, unknown>[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const pairs = readLines(pairsPath);
const expected = readLines(referencePath);
const maxDiff: Record<string, number> = { meteor: 0, rouge1: 0, rouge2: 0, rougeL: 0 };
let tokenMismatches = 0;
let over = 0;
pairs.forEach((pair, index) => {
  const prediction = pair.prediction as string;
  const reference = pair.reference as string | string[];
  const want = expected[index] as Record<string, unknown>;
  const got = scorePair(prediction, reference);
  const firstReference = typeof reference === 'string' ? reference : (reference[0] ?? '');
  const tokens = [wordTokenize(prediction), wordTokenize(firstReference)];
  const tokenDiff =
    JSON.stringify(tokens[0]) !== JSON.stringify(want.predictionTokens) ||
    JSON.stringify(tokens[1]) !== JSON.stringify(want.referenceTokens);
  if (tokenDiff) tokenMismatches++;
  let bad = false;
  for (const name of METRIC_NAMES) {
    const diff = Math.abs(got[name] - (want[name] as number));
    maxDiff[name] = Math.max(maxDiff[name] as number, diff);
    if (diff > (name === 'meteor' ? 1e-3 : 1e-6)) bad = true;
    if (diff > 1e-12 && verbose) bad = true;
  }
  if (bad || tokenDiff) {
    if (bad) over++;
    process.stdout.write(
      `#${index + 1}: ${JSON.stringify(pair)}\n  ours ${JSON.stringify(got)}\n  want ${JSON.stringify(
        Object.fromEntries(METRIC_NAMES.map((name) => [name, want[name]])),
      )}\n`,
    );
    if (tokenDiff) {
      process.stdout.write(
        `  ours tokens ${JSON.stringify(tokens)}\n  want tokens ${JSON.stringify([want.predictionTokens, want.referenceTokens])}\n`,
      );
    }
  }
});
process.stdout.write(
  `${pairs.length} pairs; max |diff| ${JSON.stringify(maxDiff)}; ${tokenMismatches} token mismatches; ${over} over tolerance\n`,
);
process.exitCode = over > 0 ? 1 : 0;
