/**
 * `npm run bench`: runs every benchmark under bench/ in turn, each in its own process, and lists
 * the figures they wrote to bench/results/. Benchmarks measure; they assert nothing.
 *
 *   npm run bench                 # all of them
 *   npm run bench -- watch score  # only these
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((name) => name.endsWith('.ts') && name !== 'run.ts')
  .map((name) => name.slice(0, -3))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}\n`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length > 0 ? wanted : available) {
  process.stdout.write(`\n== bench/${name}.ts\n`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${name}.ts`)], {
    stdio: 'inherit',
  });
  process.stdout.write(
    `== ${name}: exit ${result.status} after ${((Date.now() - started) / 1000).toFixed(1)} s; figures in bench/results/${name}.json\n`,
  );
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
