/**
 * The `tune` command line. Commands are loaded lazily so that `tune score` does not pay for the
 * tokenizers `tune validate` needs (cold start matters for one-pair scoring).
 */
import { pathToFileURL } from 'node:url';
import { closest } from '../core/commands/suggest.js';
import { COMMANDS } from './commands/index.js';
import { describeError } from './errors.js';
import { type CliIo, EXIT, type ExitCode, UsageError } from './io.js';

async function help(io: CliIo): Promise<void> {
  const lines = [
    'tune: validate, convert and score datasets for Amazon Bedrock model customization.',
    '',
    'Commands:',
  ];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(10)} ${command.summary}`);
  }
  lines.push(
    '',
    'Run `tune <command> --help` for its options and examples. To begin:',
    '  tune models',
    '  tune validate train.jsonl --model nova-micro --type fine-tuning',
  );
  io.stdout(`${lines.join('\n')}\n`);
}

/** The usage lines of a help text: everything before its first blank line. */
function synopsis(usage: string): string {
  const end = usage.indexOf('\n\n');
  return end === -1 ? usage : usage.slice(0, end);
}

export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    // `tune` alone is a person asking what it does: help, and success.
    await help(io);
    return EXIT.ok;
  }
  const load = COMMANDS[name];
  if (!load) {
    const suggestion = closest(name, Object.keys(COMMANDS));
    const didYouMean = suggestion ? ` Did you mean \`tune ${[suggestion, ...rest].join(' ')}\`?` : '';
    io.stderr(`tune: unknown command "${name}".${didYouMean} Run \`tune --help\` to see the commands.\n`);
    return EXIT.usage;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      // The mistake, the command's synopsis, and where the rest is: a whole help text would push
      // the one line that matters off the screen.
      io.stderr(
        `tune ${name}: ${error.message}\n\n${synopsis(command.usage)}\nRun \`tune ${name} --help\` for every option and examples.\n`,
      );
      return EXIT.usage;
    }
    io.stderr(`tune ${name}: ${describeError(error)}\n`);
    return EXIT.usage;
  }
}

/** The streams `processIo` reads: `process` itself, or a fake in tests. */
export interface ProcessStreams {
  stdout: Pick<NodeJS.WriteStream, 'write' | 'isTTY' | 'columns'> & {
    on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  };
  stderr: Pick<NodeJS.WriteStream, 'write' | 'isTTY' | 'columns'>;
  cwd(): string;
  exit(code?: number): void;
}

/**
 * The io of a real run: terminal widths only where a stream is a terminal (progress bars on stderr,
 * tables wrapped to stdout's width), nothing of the kind when piped.
 */
export function processIo(host: ProcessStreams = process): CliIo {
  // `tune models | head` closes the pipe before tune is done: stop quietly, as Unix tools do,
  // instead of a stack trace for EPIPE.
  host.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') host.exit(0);
    else throw error;
  });
  return {
    stdout: (text) => {
      host.stdout.write(text);
    },
    stderr: (text) => {
      host.stderr.write(text);
    },
    cwd: host.cwd(),
    // A terminal that does not say its width (columns 0) is taken as the classic 80.
    ...(host.stdout.isTTY ? { stdoutColumns: host.stdout.columns || 80 } : {}),
    ...(host.stderr.isTTY ? { stderrColumns: host.stderr.columns || 80 } : {}),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCli(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
