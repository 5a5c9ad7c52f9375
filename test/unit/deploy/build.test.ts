/**
 * The bundling rules of scripts/build.ts, checked on a small project built into a temporary folder
 * and run by Node from a different folder, as Lambda runs the zip from /var/task.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertEntriesExist,
  BuildError,
  type BundleTarget,
  buildBundle,
  lambdaTargets,
  type NodeArchitecture,
  type TarballFetcher,
} from '../../../scripts/build.js';
import { signedHeaders, slashCommandBody } from '../../support/slack-requests.js';

const run = promisify(execFile);

const FIXTURE: Record<string, string> = {
  'src/entry.ts': `
import { readFileSync } from 'node:fs';
import platformName from 'cjs-dependency';
import { connect } from 'uses-stubbed-package';
export async function handler() {
  const { firstWord } = await import('./lazy/words.js');
  return {
    greeting: readFileSync(new URL('./data/greeting.txt', import.meta.url), 'utf8').trim(),
    firstWord: firstWord(),
    platform: platformName(),
  };
}
export async function useStub() {
  return connect();
}
`,
  'src/lazy/words.ts': `
import { readFileSync } from 'node:fs';
// LAZY-CHUNK-MARKER
export function firstWord(): string {
  return readFileSync(new URL('../data/words/list.txt', import.meta.url), 'utf8').split('\\n')[0] ?? '';
}
`,
  'src/data/greeting.txt': 'hello from a data file\n',
  'src/data/words/list.txt': 'apple\nbanana\n',
  'node_modules/cjs-dependency/package.json': '{ "name": "cjs-dependency", "main": "index.js" }',
  'node_modules/cjs-dependency/index.js':
    "module.exports = function () { return require('node:os').platform(); };",
  // A stand-in for resvg: a native package whose binary lives in a platform package.
  'src/native.ts': `
export async function handler() {
  const { draw } = await import('./draw.js');
  return draw();
}
`,
  'src/draw.ts': "import { render } from '@resvg/resvg-js';\nexport const draw = () => render();\n",
  'node_modules/@resvg/resvg-js/package.json': JSON.stringify({
    name: '@resvg/resvg-js',
    version: '9.9.9',
    main: 'index.js',
    optionalDependencies: {
      '@resvg/resvg-js-linux-x64-gnu': '9.9.9',
      '@resvg/resvg-js-linux-arm64-gnu': '9.9.9',
    },
  }),
  'node_modules/@resvg/resvg-js/index.js':
    "exports.render = () => require('@resvg/resvg-js-linux-' + process.arch + '-gnu').binary;",
  'node_modules/@resvg/resvg-js-linux-x64-gnu/package.json':
    '{ "name": "@resvg/resvg-js-linux-x64-gnu", "version": "9.9.9" }',
  'node_modules/@resvg/resvg-js-linux-x64-gnu/index.js': "exports.binary = 'drawn by the x64 binary';",
  // Like Bolt requiring @slack/socket-mode: required at load time, used only in a constructor.
  'node_modules/uses-stubbed-package/package.json': '{ "name": "uses-stubbed-package", "main": "index.js" }',
  'node_modules/uses-stubbed-package/index.js':
    "const stubbed = require('stubbed-package'); exports.connect = () => new stubbed.Client();",
};

const target: BundleTarget = {
  name: 'fixture',
  entry: 'src/entry.ts',
  outdir: 'dist/fixture',
  entryName: 'index',
  requiredExport: 'handler',
  target: 'node20',
  stubs: { 'stubbed-package': 'it is only used locally' },
};

let workspace: string;
let project: string;

async function runBundle(entryPath: string, exportName: string): Promise<unknown> {
  const script = `const module = await import(${JSON.stringify(pathToFileURL(entryPath).href)});
try { process.stdout.write(JSON.stringify({ value: await module.${exportName}() })); }
catch (error) { process.stdout.write(JSON.stringify({ error: error.message })); }`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script]);
  return JSON.parse(stdout);
}

/**
 * Imports a built Lambda bundle in a fresh Node process configured as on Lambda (the environment
 * every function needs, plus `env`), and returns what its `handler` answers `event`.
 */
async function handleInFreshProcess(
  entryPath: string,
  event: unknown,
  env: Record<string, string>,
): Promise<{ statusCode: number; body: string }> {
  const script = `const module = await import(${JSON.stringify(pathToFileURL(entryPath).href)});
const response = await module.handler(JSON.parse(process.env.TEST_EVENT), {});
process.stdout.write('\\nRESPONSE ' + JSON.stringify(response) + '\\n');
process.exit(0);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script], {
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      TUNE_TABLE_NAME: 'tune-test',
      TUNE_BUCKET: 'tune-test-bucket',
      TUNE_BEDROCK_ROLE_ARN: 'arn:aws:iam::000000000000:role/tune-test',
      ...env,
      TEST_EVENT: JSON.stringify(event),
    },
    timeout: 30_000,
  });
  const line = stdout.split('\n').find((text) => text.startsWith('RESPONSE '));
  if (!line) throw new Error(`the bundle printed no response:\n${stdout}`);
  return JSON.parse(line.slice('RESPONSE '.length)) as { statusCode: number; body: string };
}

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'tune-build-'));
  project = join(workspace, 'project');
  for (const [path, contents] of Object.entries(FIXTURE)) {
    await mkdir(dirname(join(project, path)), { recursive: true });
    await writeFile(join(project, path), contents);
  }
});

afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe('scripts/build.ts', () => {
  it('bundles a lazily imported module into its own chunk, loaded only when called', async () => {
    // Act
    const size = await buildBundle(target, project);

    // Assess
    const entry = await readFile(join(project, 'dist/fixture/index.mjs'), 'utf8');
    expect(size.chunks).toBeGreaterThanOrEqual(1);
    expect(entry).not.toContain('apple');
    expect(size.entryBytes).toBeLessThan(size.codeBytes);
  });

  it('copies data files read through import.meta.url beside the bundle, so it runs from anywhere', async () => {
    // Prepare
    await buildBundle(target, project);
    // Outside the project: a data file still looked up next to its source would not be found.
    const elsewhere = join(workspace, 'var-task');
    await cp(join(project, 'dist/fixture'), elsewhere, { recursive: true });

    // Act
    const result = await runBundle(join(elsewhere, 'index.mjs'), 'handler');

    // Assess
    expect(result).toEqual({
      value: { greeting: 'hello from a data file', firstWord: 'apple', platform: process.platform },
    });
  });

  it('replaces a package a dependency requires by a stub that loads and fails only when used, naming why', async () => {
    // Prepare
    await buildBundle(target, project);

    // Act
    const result = await runBundle(join(project, 'dist/fixture/index.mjs'), 'useStub');

    // Assess
    expect(result).toEqual({ error: 'stubbed-package is not bundled: it is only used locally' });
  });

  it('fails the build when a data file named through import.meta.url does not exist', async () => {
    // Prepare
    const broken = { ...target, entry: 'src/broken.ts' };
    await writeFile(
      join(project, 'src/broken.ts'),
      "export const handler = () => new URL('./data/missing.json', import.meta.url);",
    );

    // Act
    const attempt = buildBundle(broken, project);

    // Assess
    await expect(attempt).rejects.toThrow(/reads \.\/data\/missing\.json, which does not exist/);
  });

  it('fails the build when a CommonJS package is imported lazily, whose named exports splitting would lose', async () => {
    // Prepare
    const lazy = { ...target, entry: 'src/lazy-cjs.ts' };
    await writeFile(
      join(project, 'src/lazy-cjs.ts'),
      "export async function handler() { const { connect } = await import('uses-stubbed-package'); return connect; }",
    );

    // Act
    const attempt = buildBundle(lazy, project);

    // Assess
    await expect(attempt).rejects.toThrow(/src\/lazy-cjs\.ts lazily imports uses-stubbed-package/);
  });

  it('fails when the entry does not export what its caller imports', async () => {
    // Prepare
    const wrongExport = { ...target, requiredExport: 'main' };

    // Act
    const attempt = buildBundle(wrongExport, project);

    // Assess
    await expect(attempt).rejects.toThrow(/src\/entry\.ts does not export `main`/);
  });

  it('names every missing handler and the serverless.yml function it belongs to', () => {
    // Act
    const check = () => assertEntriesExist(lambdaTargets(), project);

    // Assess
    expect(check).toThrow(BuildError);
    expect(check).toThrow(/src\/handlers\/slack\.ts \(the `slack` function of serverless\.yml/);
    expect(check).toThrow(/src\/handlers\/watch\.ts/);
  });
});

describe('native packages (resvg)', () => {
  const nativeTarget = (architecture: NodeArchitecture): BundleTarget => ({
    ...target,
    name: `native-${architecture}`,
    entry: 'src/native.ts',
    outdir: `dist/native-${architecture}`,
    nativeArchitecture: architecture,
  });
  let armTarball: string;
  let armIntegrity: string;

  beforeAll(async () => {
    // The arm64 platform package as the registry would serve it: a tarball with one package/ folder.
    const source = join(workspace, 'arm-package', 'package');
    await mkdir(source, { recursive: true });
    await writeFile(
      join(source, 'package.json'),
      '{ "name": "@resvg/resvg-js-linux-arm64-gnu", "version": "9.9.9" }',
    );
    await writeFile(join(source, 'index.js'), "exports.binary = 'drawn by the arm64 binary';");
    armTarball = join(workspace, 'arm-package', 'resvg-js-linux-arm64-gnu-9.9.9.tgz');
    await run('tar', ['-czf', armTarball, '-C', join(workspace, 'arm-package'), 'package']);
    armIntegrity = `sha512-${createHash('sha512')
      .update(await readFile(armTarball))
      .digest('base64')}`;
  });

  async function writeLock(integrity: string): Promise<void> {
    const lock = {
      lockfileVersion: 3,
      packages: { 'node_modules/@resvg/resvg-js-linux-arm64-gnu': { version: '9.9.9', integrity } },
    };
    await writeFile(join(project, 'package-lock.json'), JSON.stringify(lock));
    await rm(join(project, '.cache'), { recursive: true, force: true });
  }

  const fetched: string[] = [];
  const fakeRegistry: TarballFetcher = async (spec, destination) => {
    fetched.push(spec);
    await cp(armTarball, join(destination, 'fetched.tgz'));
    return join(destination, 'fetched.tgz');
  };

  it('ships the package and its installed platform package beside a bundle that imports it, runnable from anywhere', async () => {
    // Act
    const size = await buildBundle(nativeTarget('x64'), project, fakeRegistry);

    // Assess: copied out of the project, the bundle still finds the binary.
    const elsewhere = join(workspace, 'var-task-native');
    await cp(join(project, 'dist/native-x64'), elsewhere, { recursive: true });
    expect(await runBundle(join(elsewhere, 'index.mjs'), 'handler')).toEqual({
      value: 'drawn by the x64 binary',
    });
    expect(size.assetBytes).toBeGreaterThan(0);
    expect(fetched).toEqual([]);
  });

  it('fetches the platform package of another CPU and checks it against package-lock.json', async () => {
    // Prepare
    await writeLock(armIntegrity);
    fetched.length = 0;

    // Act
    await buildBundle(nativeTarget('arm64'), project, fakeRegistry);

    // Assess
    expect(fetched).toEqual(['@resvg/resvg-js-linux-arm64-gnu@9.9.9']);
    const shipped = join(project, 'dist/native-arm64/node_modules/@resvg');
    expect(await readFile(join(shipped, 'resvg-js-linux-arm64-gnu/index.js'), 'utf8')).toContain(
      'arm64 binary',
    );
    expect(await readFile(join(shipped, 'resvg-js/index.js'), 'utf8')).toContain('exports.render');
  });

  it('refuses a fetched platform package whose hash differs from package-lock.json', async () => {
    // Prepare
    await writeLock(`sha512-${Buffer.alloc(64).toString('base64')}`);

    // Act
    const attempt = buildBundle(nativeTarget('arm64'), project, fakeRegistry);

    // Assess
    await expect(attempt).rejects.toThrow(
      /resvg-js-linux-arm64-gnu@9\.9\.9: the fetched tarball's sha512-.* differs/,
    );
  });

  it('ships nothing to a bundle that does not import a native package', async () => {
    await buildBundle({ ...target, nativeArchitecture: 'x64' }, project, fakeRegistry);
    await expect(
      readFile(join(project, 'dist/fixture/node_modules/@resvg/resvg-js/index.js')),
    ).rejects.toThrow();
  });
});

describe('the loss chart in a Lambda bundle', () => {
  it('renders a PNG with text from a bundle run outside the project (vega bundled, resvg and the font shipped)', async () => {
    // Prepare: the real project, built for this machine's CPU so that the binary can run here.
    const repoRoot = join(dirname(new URL(import.meta.url).pathname), '../../..');
    const chartTarget: BundleTarget = {
      name: 'chart',
      entry: 'test/unit/deploy/fixtures/chart-entry.ts',
      outdir: 'dist/test/chart-bundle',
      entryName: 'index',
      requiredExport: 'handler',
      target: 'node22',
      nativeArchitecture: process.arch === 'arm64' ? 'arm64' : 'x64',
    };
    await buildBundle(chartTarget, repoRoot);
    const elsewhere = join(workspace, 'var-task-chart');
    await cp(join(repoRoot, 'dist/test/chart-bundle'), elsewhere, { recursive: true });
    await rm(join(repoRoot, 'dist/test/chart-bundle'), { recursive: true, force: true });

    // Act
    const result = (await runBundle(join(elsewhere, 'index.mjs'), 'handler')) as {
      value: { width: number; height: number; darkPixels: number; milliseconds: number };
    };

    // Assess
    expect(result.value.width).toBeGreaterThan(1000);
    expect(result.value.height).toBeGreaterThan(500);
    expect(result.value.darkPixels).toBeGreaterThan(1000);
  }, 180_000);
});

describe('the slack function bundle', () => {
  const SIGNING_SECRET = 'build-test-signing-secret';
  let entryPath: string;
  let entry: string;

  beforeAll(async () => {
    // The real handler with the real stubs, built as `npm run build` builds it, into a folder of
    // its own, then run from outside the project as Lambda runs it from /var/task.
    const repoRoot = join(dirname(new URL(import.meta.url).pathname), '../../..');
    const slack = lambdaTargets().find((candidate) => candidate.name === 'slack');
    if (!slack) throw new Error('scripts/build.ts has no slack function');
    await buildBundle({ ...slack, outdir: 'dist/test/slack-bundle' }, repoRoot);
    const elsewhere = join(workspace, 'var-task-slack');
    await cp(join(repoRoot, 'dist/test/slack-bundle'), elsewhere, { recursive: true });
    await rm(join(repoRoot, 'dist/test/slack-bundle'), { recursive: true, force: true });
    entryPath = join(elsewhere, 'index.mjs');
    entry = await readFile(entryPath, 'utf8');
  }, 180_000);

  /** An API Gateway HTTP API event as Lambda hands it over: the body base64-encoded. */
  function apiGatewayEvent(body: string, headers: Record<string, string>): APIGatewayProxyEventV2 {
    return {
      version: '2.0',
      routeKey: 'POST /slack/events',
      rawPath: '/slack/events',
      rawQueryString: '',
      headers,
      requestContext: {
        accountId: '000000000000',
        apiId: 'test',
        domainName: 'test.execute-api.us-east-1.amazonaws.com',
        domainPrefix: 'test',
        http: {
          method: 'POST',
          path: '/slack/events',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'Slackbot 1.0',
        },
        requestId: 'test',
        routeKey: 'POST /slack/events',
        stage: '$default',
        time: new Date().toISOString(),
        timeEpoch: Date.now(),
      },
      body: Buffer.from(body).toString('base64'),
      isBase64Encoded: true,
    };
  }

  /** The slack bundle's answer to `event`, in a fresh process configured as on Lambda. */
  function invoke(event: APIGatewayProxyEventV2): Promise<{ statusCode: number; body: string }> {
    return handleInFreshProcess(entryPath, event, {
      AWS_LAMBDA_FUNCTION_NAME: 'tune-test-slack',
      // Never contacted: the requests below are answered in the acknowledgement.
      TUNE_QUEUE_URL: 'http://127.0.0.1:9/000000000000/tune-work',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_BOT_ID: 'B0TEST',
      SLACK_BOT_USER_ID: 'U0TEST',
    });
  }

  it('answers a signed /tune help through Bolt, with its stubbed packages never needed', async () => {
    // Prepare
    const body = slashCommandBody({ text: 'help' });

    // Act
    const response = await invoke(
      apiGatewayEvent(body, signedHeaders(body, { signingSecret: SIGNING_SECRET })),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('/tune start');
  }, 60_000);

  it('answers an unknown subcommand with a pointer to help', async () => {
    // Prepare
    const body = slashCommandBody({ text: 'hepl' });

    // Act
    const response = await invoke(
      apiGatewayEvent(body, signedHeaders(body, { signingSecret: SIGNING_SECRET })),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('/tune help');
  }, 60_000);

  it('refuses a request signed with another secret', async () => {
    // Prepare
    const body = slashCommandBody({ text: 'help' });

    // Act
    const response = await invoke(
      apiGatewayEvent(body, signedHeaders(body, { signingSecret: 'not-the-secret' })),
    );

    // Assess
    expect(response.statusCode).toBe(401);
  }, 60_000);

  it('carries only the clients and stores the slack function uses: no S3, Bedrock, Pricing or job store', () => {
    // Class names survive minification (keepNames): each marks its module in the entry.
    for (const name of [
      'S3Client',
      'BedrockClient',
      'BedrockRuntimeClient',
      'PricingClient',
      'DynamoJobStore',
    ]) {
      expect(entry.includes(`"${name}"`), name).toBe(false);
    }
    expect(entry.includes('"SQSClient"')).toBe(true);
  });

  it("carries none of the HTTP-server code of Bolt's other receivers (express, raw-body, iconv-lite, mime-db)", () => {
    // Strings found only in those packages: express's header, raw-body's and iconv-lite's errors,
    // and one of mime-db's types.
    for (const marker of [
      'X-Powered-By',
      'request size did not match content length',
      'Encoding not recognized',
      'application/vnd.ms-excel',
    ]) {
      expect(entry).not.toContain(marker);
    }
  });
});

describe('the worker bundle', () => {
  it('carries resvg with its binary and the chart font, and the loss chart in a chunk of its own', async () => {
    // Prepare: the worker exactly as `npm run build` makes it, for this machine's CPU.
    const repoRoot = join(dirname(new URL(import.meta.url).pathname), '../../..');
    const [worker] = lambdaTargets().filter((candidate) => candidate.name === 'worker');
    if (!worker) throw new Error('no worker target');
    const architecture: NodeArchitecture = process.arch === 'arm64' ? 'arm64' : 'x64';
    const outdir = 'dist/test/worker-bundle';

    // Act
    await buildBundle({ ...worker, outdir, nativeArchitecture: architecture }, repoRoot);
    const built = join(repoRoot, outdir);
    const files = await readdir(built);
    const entry = await readFile(join(built, 'index.mjs'), 'utf8');
    const chunks = await Promise.all(
      files
        .filter((file) => file.endsWith('.mjs') && file !== 'index.mjs')
        .map((file) => readFile(join(built, file), 'utf8')),
    );
    const shipped = {
      resvg: await exists(join(built, 'node_modules/@resvg/resvg-js/package.json')),
      binary: await exists(
        join(built, `node_modules/@resvg/resvg-js-linux-${architecture}-gnu/package.json`),
      ),
      font: await exists(join(built, 'assets/src/charts/fonts/DejaVuSans.ttf')),
    };
    await rm(built, { recursive: true, force: true });

    // Assess: Vega is loaded only when a chart is drawn, never at the worker's cold start.
    expect(shipped).toEqual({ resvg: true, binary: true, font: true });
    expect(entry).not.toContain('vega-lite');
    expect(chunks.some((chunk) => chunk.includes('DejaVuSans.ttf'))).toBe(true);
  }, 180_000);
});

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

describe('the install function bundle', () => {
  let entryPath: string;
  let entry: string;

  beforeAll(async () => {
    // Built as `npm run build` builds it, then run from outside the project, as on Lambda.
    const repoRoot = join(dirname(new URL(import.meta.url).pathname), '../../..');
    const install = lambdaTargets().find((candidate) => candidate.name === 'install');
    if (!install) throw new Error('scripts/build.ts has no install function');
    await buildBundle({ ...install, outdir: 'dist/test/install-bundle' }, repoRoot);
    const elsewhere = join(workspace, 'var-task-install');
    await cp(join(repoRoot, 'dist/test/install-bundle'), elsewhere, { recursive: true });
    await rm(join(repoRoot, 'dist/test/install-bundle'), { recursive: true, force: true });
    entryPath = join(elsewhere, 'index.mjs');
    entry = await readFile(entryPath, 'utf8');
  }, 180_000);

  it('runs the OAuth redirect through express and @slack/oauth for real (they are not stubbed here)', async () => {
    // Prepare: a person who declined in Slack comes back; nothing needs the table.
    const event = {
      version: '2.0',
      routeKey: 'GET /slack/oauth_redirect',
      rawPath: '/slack/oauth_redirect',
      rawQueryString: 'error=access_denied&state=x',
      headers: { host: 'test.execute-api.us-east-1.amazonaws.com' },
      requestContext: {
        http: { method: 'GET', path: '/slack/oauth_redirect', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
      },
      isBase64Encoded: false,
    };

    // Act
    const response = await handleInFreshProcess(entryPath, event, {
      AWS_LAMBDA_FUNCTION_NAME: 'tune-test-install',
      SLACK_SIGNING_SECRET: 'unused',
      TUNE_SLACK_WORKSPACES: 'many',
      SLACK_CLIENT_ID: '1111.2222',
      SLACK_CLIENT_SECRET: 'client-secret',
    });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('The install was cancelled in Slack');
    expect(entry.length).toBeGreaterThan(0);
  }, 60_000);
});
