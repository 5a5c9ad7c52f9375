/** The price ports in memory: a scripted price list and a price book store. */
import type { PriceBook, PriceBookStore, PriceList, PriceListEntry } from '../../src/core/ports.js';

type Answer = PriceListEntry[] | Error;

/**
 * Answers `bedrockEntries` with the scripted answers in turn (an Error is thrown), and fails
 * loudly when asked more often than scripted. Records the regions asked for.
 */
export class ScriptedPriceList implements PriceList {
  readonly regions: string[] = [];
  private readonly answers: Answer[];

  constructor(...answers: Answer[]) {
    this.answers = answers;
  }

  async bedrockEntries(region: string): Promise<PriceListEntry[]> {
    this.regions.push(region);
    const answer = this.answers.shift();
    if (answer === undefined) throw new Error(`ScriptedPriceList: unscripted call for ${region}`);
    if (answer instanceof Error) throw answer;
    return structuredClone(answer);
  }
}

export class InMemoryPriceBookStore implements PriceBookStore {
  readonly books = new Map<string, PriceBook>();

  async get(region: string): Promise<PriceBook | undefined> {
    const book = this.books.get(region);
    return book ? structuredClone(book) : undefined;
  }
  async put(book: PriceBook): Promise<void> {
    this.books.set(book.region, structuredClone(book));
  }
}

/** A price list entry as the adapter makes them, for one price in us-east-1. */
export function entry(
  usageType: string,
  usd: number,
  unit = '1K tokens',
  regionCode = 'us-east-1',
): PriceListEntry {
  return { sku: usageType, usageType, regionCode, dimensions: [{ unit, usd }] };
}
