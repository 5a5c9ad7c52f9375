/**
 * The data files the metrics need (Punkt parameters, WordNet synonyms, and their licences) live in
 * `data/` beside this module and are read synchronously on first use, so that importing the
 * evaluation module costs nothing and the scoring API stays synchronous.
 *
 * The folder is named with the literal `new URL('./data/', import.meta.url)` on purpose:
 * scripts/build.ts copies what such a literal names into the bundle's assets and rewrites the URL,
 * so the same line works under tsx and bundled.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DATA_DIRECTORY = new URL('./data/', import.meta.url);

export function readDataFile(name: string): Buffer {
  const url = new URL(name, DATA_DIRECTORY);
  try {
    return readFileSync(url);
  } catch (error) {
    throw new Error(`evaluation data file missing: ${fileURLToPath(url)}`, { cause: error });
  }
}
