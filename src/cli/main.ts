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
  lines.push('', 'Run `tune <command> --help` for its options.');
  io.stdout(`${lines.join('\n')}\n`);
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
      io.stderr(`tune ${name}: ${error.message}\n\n${command.usage}\n`);
      return EXIT.usage;
    }
    io.stderr(`tune ${name}: ${describeError(error)}\n`);
    return EXIT.usage;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  };
  runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
