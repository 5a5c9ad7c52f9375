/**
 * A synthetic fine-tuning dataset with held-out prompts from the same distribution: support
 * questions phrased from templates, each intent answered by its own canonical reply. A model that
 * learned the data answers a held-out paraphrase with its intent's reply; a generic base model
 * does not. Word overlap with the reference tells them apart.
 */
const INTENTS = [
  {
    name: 'password',
    words: ['reset', 'password', 'forgot', 'login'],
    answer:
      'Open Settings, choose Security, press Reset password and follow the emailed link within one hour.',
  },
  {
    name: 'invoice',
    words: ['download', 'invoice', 'billing', 'receipt'],
    answer: 'Go to Billing, pick the month under Invoices and press Download PDF to save the receipt.',
  },
  {
    name: 'refund',
    words: ['refund', 'charge', 'money', 'cancelled'],
    answer:
      'Refunds go back to the original card within five business days after support approves the request.',
  },
  {
    name: 'shipping',
    words: ['track', 'parcel', 'delivery', 'shipping'],
    answer: 'Use the tracking number from the confirmation email on the carrier site to follow the parcel.',
  },
  {
    name: 'seats',
    words: ['add', 'teammate', 'seat', 'invite'],
    answer: 'Admins invite teammates from Members, each new seat is billed pro rata on the next invoice.',
  },
  {
    name: 'export',
    words: ['export', 'data', 'csv', 'backup'],
    answer: 'Under Workspace, choose Export, select CSV and the archive arrives by email when it is ready.',
  },
  {
    name: 'delete',
    words: ['delete', 'account', 'close', 'remove'],
    answer:
      'Account deletion is permanent: the owner confirms it in Settings, Danger zone, Delete workspace.',
  },
  {
    name: 'sso',
    words: ['sso', 'saml', 'okta', 'single'],
    answer:
      'Enterprise plans configure SAML single sign on with the metadata URL shown on the Security page.',
  },
] as const;

const TRAIN_TEMPLATES = [
  (a: string, b: string) => `How can I ${a} my ${b}?`,
  (a: string, b: string) => `I need help to ${a} the ${b} today.`,
  (a: string, b: string) => `What is the way to ${a} ${b} for my company?`,
  (a: string, b: string) => `Quick question: ${a} and ${b}, where do I start?`,
];
const HELD_OUT_TEMPLATES = [
  (a: string, b: string) => `Could you explain how to ${a} a ${b} please?`,
  (a: string, b: string) => `Steps to ${a} ${b} from the dashboard?`,
];

function pairs(words: readonly string[]): [string, string][] {
  const result: [string, string][] = [];
  for (const first of words) for (const second of words) if (first !== second) result.push([first, second]);
  return result;
}

export function supportDeskTraining(): { prompt: string; completion: string }[] {
  return INTENTS.flatMap((intent) =>
    pairs(intent.words)
      .filter((_, index) => index % 2 === 0)
      .flatMap(([a, b], index) => {
        const template = TRAIN_TEMPLATES[index % TRAIN_TEMPLATES.length];
        return template ? [{ prompt: template(a, b), completion: intent.answer }] : [];
      }),
  );
}

export function supportDeskHeldOut(): { prompt: string; reference: string }[] {
  return INTENTS.flatMap((intent) =>
    pairs(intent.words)
      .filter((_, index) => index % 2 === 1)
      .slice(0, 2)
      .flatMap(([a, b], index) => {
        const template = HELD_OUT_TEMPLATES[index % HELD_OUT_TEMPLATES.length];
        return template ? [{ prompt: template(a, b), reference: intent.answer }] : [];
      }),
  );
}

/** Unigram F1 between a candidate and a reference, over lowercase words. */
export function wordOverlap(candidate: string, reference: string): number {
  const words = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const candidateWords = words(candidate);
  const referenceCounts = new Map<string, number>();
  for (const word of words(reference)) referenceCounts.set(word, (referenceCounts.get(word) ?? 0) + 1);
  let shared = 0;
  for (const word of candidateWords) {
    const left = referenceCounts.get(word) ?? 0;
    if (left > 0) {
      shared++;
      referenceCounts.set(word, left - 1);
    }
  }
  if (shared === 0) return 0;
  const precision = shared / candidateWords.length;
  const recall = shared / words(reference).length;
  return (2 * precision * recall) / (precision + recall);
}
