/** The README promises what the code accepts: checked here so that neither drifts from the other. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INTAKE_OPTIONS } from '../../src/core/intake/options.js';
import { HYPERPARAMETER_OPTIONS } from '../../src/core/jobs/plan.js';

// A `|` inside a Markdown table cell is written `\|`.
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replaceAll('\\|', '|');

function section(title: string): string {
  const start = README.indexOf(`## ${title}`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end === -1 ? undefined : end);
}

describe('the README', () => {
  it('lists every option a shared file takes, and only those, where it explains sharing', () => {
    const sharing = section('Sharing a dataset');
    const table = sharing.slice(
      sharing.indexOf('| option |'),
      sharing.indexOf('\n\n', sharing.indexOf('| option |')),
    );
    const listed = [...table.matchAll(/^\| `--([a-z-]+)/gm)].map((match) => match[1]);

    expect(listed.sort()).toEqual(INTAKE_OPTIONS.map((option) => option.name).sort());
  });

  it('names every option /tune start accepts', () => {
    const commands = section('Slack commands');
    for (const name of [
      'model',
      'type',
      'validation',
      'test',
      'evaluate',
      'name',
      ...Object.keys(HYPERPARAMETER_OPTIONS),
    ])
      expect(commands).toContain(`\`--${name}\``);
  });
});
