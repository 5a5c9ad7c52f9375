/**
 * The lint rule that keeps the core free of Slack and AWS (docs/architecture.md): Biome is run on probe
 * files laid out like the project, with the project's own biome.json.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'tune-lint-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function restrictedImports(files: Record<string, string>): string[] {
  copyFileSync(join(root, 'biome.json'), join(directory, 'biome.json'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(directory, path, '..'), { recursive: true });
    writeFileSync(join(directory, path), content);
  }
  let output: string;
  try {
    output = execFileSync(
      join(root, 'node_modules/.bin/biome'),
      ['lint', '--vcs-enabled=false', '--reporter=json', '.'],
      {
        cwd: directory,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
  } catch (error) {
    // Biome exits 1 when it reports errors; the report is still on stdout.
    output = String((error as { stdout?: string }).stdout ?? '');
  }
  const report = JSON.parse(output) as { diagnostics: { category: string; location: { path: string } }[] };
  return report.diagnostics
    .filter((diagnostic) => diagnostic.category === 'lint/style/noRestrictedImports')
    .map((diagnostic) => diagnostic.location.path)
    .sort();
}

describe('the core import rule', () => {
  it('rejects Slack and AWS packages and the adapter folders in src/core, and only there', () => {
    const flagged = restrictedImports({
      'src/core/uses-aws.ts': "import { S3Client } from '@aws-sdk/client-s3';\nexport const a = S3Client;\n",
      'src/core/uses-slack.ts': "import { WebClient } from '@slack/web-api';\nexport const b = WebClient;\n",
      'src/core/uses-adapter.ts': "import { c } from '../aws/adapter.js';\nexport const d = c;\n",
      'src/core/fine.ts': "import { z } from 'zod';\nexport const e = z;\n",
      'src/aws/adapter.ts': "import { S3Client } from '@aws-sdk/client-s3';\nexport const c = S3Client;\n",
    });
    expect(flagged).toEqual(['src/core/uses-adapter.ts', 'src/core/uses-aws.ts', 'src/core/uses-slack.ts']);
  });
});
