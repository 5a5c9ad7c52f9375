/**
 * The sandbox page draws what tune posts the way Slack would: every emoji code the bot uses has a
 * picture (an unknown one would show as `:double_vertical_bar:`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PAGE = readFileSync(new URL('../../../src/local/slack-sandbox/public/app.js', import.meta.url), 'utf8');

function sources(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** `:name:` where a message would have it: after a space, a quote or a backtick (not `arn:aws:bedrock:`). */
function emojiCodes(text: string): string[] {
  return [...text.matchAll(/(?<=[\s'"`(]):([a-z][a-z0-9_+-]*):(?=[\s'"`*)])/g)].map(
    (match) => match[1] ?? '',
  );
}

describe('the sandbox page', () => {
  it('has a picture for every emoji code tune posts', () => {
    const table = PAGE.slice(
      PAGE.indexOf('const EMOJI = {'),
      PAGE.indexOf('};', PAGE.indexOf('const EMOJI = {')),
    );
    const drawn = new Set([...table.matchAll(/^\s*'?([a-z0-9_+-]+)'?:/gm)].map((match) => match[1]));
    const root = new URL('../../../src/', import.meta.url).pathname;
    const used = new Set(
      [join(root, 'slack'), join(root, 'core')]
        .flatMap(sources)
        .flatMap((path) => emojiCodes(readFileSync(path, 'utf8'))),
    );

    expect(used).toContain('double_vertical_bar');
    expect(used).toContain('black_square_for_stop');
    expect([...used].filter((name) => !drawn.has(name))).toEqual([]);
  });
});
