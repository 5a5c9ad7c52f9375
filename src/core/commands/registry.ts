/**
 * The `/tune` subcommands that exist, with what `/tune help` shows for each. A subcommand is
 * listed here only once it works end to end; the README's command table mirrors this list and a
 * unit test keeps the two in step.
 */
export interface SubcommandHelp {
  name: string;
  /** What it does, in one line. */
  summary: string;
  /** Its syntax, as typed after `/tune`. */
  usage: string;
  /** A complete example a person can copy. */
  example: string;
}

export const SUBCOMMANDS: readonly SubcommandHelp[] = [
  {
    name: 'help',
    summary: 'Show every /tune command with an example.',
    usage: 'help',
    example: '/tune help',
  },
];

export function findSubcommand(name: string): SubcommandHelp | undefined {
  return SUBCOMMANDS.find((subcommand) => subcommand.name === name);
}

/** The closest known subcommand to a mistyped one (edit distance ≤ 2), for "did you mean". */
export function suggestSubcommand(name: string): SubcommandHelp | undefined {
  let best: { subcommand: SubcommandHelp; distance: number } | undefined;
  for (const subcommand of SUBCOMMANDS) {
    const distance = editDistance(name, subcommand.name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { subcommand, distance };
  }
  return best?.subcommand;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
