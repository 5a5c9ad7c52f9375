import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { processIo } from '../../../src/cli/main.js';
import { progressBar, REDRAW_INTERVAL_MS } from '../../../src/cli/progress.js';
import { fixtures, tune } from './support.js';

/** A clock that moves `step` ms each time it is read. */
function ticking(step: number): () => number {
  let time = 0;
  return () => {
    time += step;
    return time;
  };
}

function terminal(columns: number, now: () => number) {
  const written: string[] = [];
  const io: CliIo = {
    stdout: () => {},
    stderr: (text) => {
      written.push(text);
    },
    cwd: '/',
    stderrColumns: columns,
    now,
  };
  return { io, written };
}

describe('the progress bar', () => {
  it('draws on a terminal, then clears its line', () => {
    // Prepare
    const { io, written } = terminal(80, ticking(REDRAW_INTERVAL_MS));
    const progress = progressBar(io, { label: 'validating big.jsonl', total: 2_000_000, unit: 'bytes' });

    // Act
    progress.update(1_000_000);
    progress.finish();

    // Assess
    expect(written).toEqual([
      '\rvalidating big.jsonl [###############...............]  50% 1 MB of 2 MB\x1b[K',
      '\r\x1b[K',
    ]);
  });

  it('writes nothing when stderr is not a terminal', () => {
    const written: string[] = [];
    const io: CliIo = {
      stdout: () => {},
      stderr: (text) => written.push(text),
      cwd: '/',
      now: ticking(1000),
    };
    const progress = progressBar(io, { label: 'scoring', total: 10, unit: { one: 'pair', many: 'pairs' } });

    for (let done = 1; done <= 10; done++) progress.update(done);
    progress.finish();

    expect(written).toEqual([]);
  });

  it('writes nothing with --json, even on a terminal', () => {
    const { io, written } = terminal(80, ticking(1000));
    const progress = progressBar(io, { label: 'scoring', total: 10, unit: 'bytes', quiet: true });

    progress.update(5);
    progress.finish();

    expect(written).toEqual([]);
  });

  it('redraws at most five times a second, and not at all for work shorter than that', () => {
    // Prepare: 100 updates 50 ms apart, five seconds of work.
    const { io, written } = terminal(80, ticking(50));
    const progress = progressBar(io, { label: 'scoring', total: 100, unit: { one: 'pair', many: 'pairs' } });
    const quick = terminal(80, ticking(1));
    const brief = progressBar(quick.io, { label: 'scoring', total: 100, unit: 'bytes' });

    // Act
    for (let done = 1; done <= 100; done++) progress.update(done);
    for (let done = 1; done <= 100; done++) brief.update(done);
    brief.finish();

    // Assess: one drawing per 200 ms of the 5 s, none in the 0.1 s of the quick one.
    expect(written).toHaveLength(25);
    expect(written.at(-1)).toContain(' 100% 100 of 100 pairs');
    expect(quick.written).toEqual([]);
  });

  it('fits a narrow terminal on one line, shortening the label first', () => {
    const { io, written } = terminal(40, ticking(REDRAW_INTERVAL_MS));
    const progress = progressBar(io, {
      label: 'converting a-file-with-a-very-long-name.csv',
      total: 5000,
      unit: { one: 'pair', many: 'pairs' },
    });

    progress.update(2500);

    const line = (written[0] ?? '').replace('\r', '').replace('\x1b[K', '');
    expect(line.length).toBeLessThan(40);
    expect(line).toContain('50% 2,500 of 5,000 pairs');
  });
});

describe('progress in the commands', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'tune-progress-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  /** A 100-column terminal whose clock moves a redraw interval each time it is read. */
  const onTerminal = () => ({ stdoutColumns: 100, stderrColumns: 100, now: ticking(REDRAW_INTERVAL_MS) });
  const validate = [
    'validate',
    'valid-prompt-completion.jsonl',
    '--model',
    'nova-micro',
    '--type',
    'fine-tuning',
  ];

  it('tune validate shows its progress on a terminal and clears it before the report', async () => {
    const result = await tune(validate, fixtures, onTerminal());

    const drawings = result.stderr.split('\r').filter((part) => part !== '');
    expect(drawings).toEqual([
      expect.stringMatching(/^validating valid-prompt-completion\.jsonl \[#+\] 100% 1 kB of 1 kB/),
      '\x1b[K',
    ]);
    expect(result.stdout).toContain('valid-prompt-completion.jsonl is not valid for Nova Micro');
  });

  it('tune validate is silent on stderr when piped, or with --json', async () => {
    const piped = await tune(validate, fixtures);
    const json = await tune([...validate, '--json'], fixtures, onTerminal());

    expect(piped.stderr).toBe('');
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout).records).toBe(10);
  });

  it('tune convert shows converting, then checking each file it wrote', async () => {
    const result = await tune(
      [
        'convert',
        join(fixtures, 'dolly.jsonl'),
        '--to',
        'fine-tuning',
        '--model',
        'llama3.1-8b',
        '-o',
        'out.jsonl',
      ],
      directory,
      onTerminal(),
    );

    expect(result.stderr).toContain('\rconverting ');
    expect(result.stderr).toContain('\rchecking out.jsonl [');
    expect(result.stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  it('tune score counts the pairs on a terminal and says nothing when piped', async () => {
    writeFileSync(
      join(directory, 'pairs.jsonl'),
      `${Array.from({ length: 3 }, () => JSON.stringify({ prediction: 'a cat', reference: 'a cat' })).join('\n')}\n`,
    );

    const shown = await tune(['score', 'pairs.jsonl'], directory, onTerminal());
    const piped = await tune(['score', 'pairs.jsonl'], directory);

    expect(shown.stderr).toContain('\rscoring pairs.jsonl [');
    expect(shown.stderr).toContain(' 100% 3 of 3 pairs');
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toBe(shown.stdout);
  });
});

describe('the io of a real run', () => {
  function stream(isTTY: boolean, columns: number) {
    const listeners: ((error: NodeJS.ErrnoException) => void)[] = [];
    return {
      isTTY,
      columns,
      write: () => true,
      on: (_event: 'error', listener: (error: NodeJS.ErrnoException) => void) => listeners.push(listener),
      fail: (error: NodeJS.ErrnoException) => {
        for (const listener of listeners) listener(error);
      },
    };
  }

  it('gives widths only for streams that are terminals', () => {
    const io = processIo({
      stdout: stream(false, 0),
      stderr: stream(true, 120),
      cwd: () => '/work',
      exit: () => {},
    });

    expect(io.stdoutColumns).toBeUndefined();
    expect(io.stderrColumns).toBe(120);
  });

  it('exits quietly when the reader of stdout goes away (tune models | head)', () => {
    const stdout = stream(false, 0);
    const exits: (number | undefined)[] = [];
    processIo({ stdout, stderr: stream(false, 0), cwd: () => '/', exit: (code) => exits.push(code) });

    stdout.fail(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));

    expect(exits).toEqual([0]);
  });
});
