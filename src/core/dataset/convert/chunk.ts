/**
 * Cutting long text into continued pre-training records that stay under the token limit. Text is
 * packed paragraph by paragraph; a paragraph too long for one record is cut between sentences, a
 * sentence between words, and only a single overlong "word" (a URL, a base64 blob) by characters.
 * Each finished chunk is counted again whole, because tokens of joined pieces need not add up
 * exactly, and split further if it went over.
 *
 * The workshop cut 20,000-character chunks for a 4,096-token limit and its jobs failed hours in
 * (docs/bedrock-facts.md, "Failures people hit"); here the limit is in tokens, from the model's own counter.
 */
export interface ChunkOptions {
  count: (text: string) => number;
  /** Most tokens one chunk may have. */
  maxTokens: number;
  /** Tokens of trailing text repeated at the start of the next chunk, for context (default 0). */
  overlapTokens?: number;
}

interface Unit {
  text: string;
  tokens: number;
  /** Starts a paragraph: joined to the previous unit with a blank line rather than a space. */
  paragraph: boolean;
}

const SENTENCE_END = /(?<=[.!?。！？])\s+/;
const WHITESPACE = /\s+/;

export class TextChunker {
  private units: Unit[] = [];
  private tokens = 0;
  /** How many of `units` were carried over from the previous chunk as overlap. */
  private carried = 0;
  private readonly overlapTokens: number;

  constructor(private readonly options: ChunkOptions) {
    if (!(options.maxTokens >= 1)) throw new RangeError('maxTokens must be at least 1');
    this.overlapTokens = Math.max(0, Math.min(options.overlapTokens ?? 0, Math.floor(options.maxTokens / 2)));
  }

  /** Adds a paragraph; returns the chunks it completed. */
  push(paragraph: string): string[] {
    const text = paragraph.trim();
    if (text.length === 0) return [];
    const out: string[] = [];
    for (const unit of this.split(text)) this.add(unit, out);
    return out;
  }

  /** The last chunk, if any text is left beyond the overlap carried from the previous one. */
  finish(): string[] {
    const out: string[] = [];
    if (this.units.length > this.carried) this.emit(out, false);
    this.reset();
    return out;
  }

  private add(unit: Unit, out: string[]): void {
    const max = this.options.maxTokens;
    if (this.units.length > 0 && this.tokens + unit.tokens + 1 > max) {
      // A chunk made only of carried overlap would repeat text without adding any.
      if (this.units.length === this.carried) this.reset();
      else this.emit(out, true);
      if (this.units.length > 0 && this.tokens + unit.tokens + 1 > max) this.reset();
    }
    this.tokens += unit.tokens + (this.units.length > 0 ? 1 : 0);
    this.units.push(unit);
  }

  private reset(): void {
    this.units = [];
    this.tokens = 0;
    this.carried = 0;
  }

  private emit(out: string[], carryOverlap: boolean): void {
    const units = this.units;
    for (const chunk of this.verified(units)) out.push(chunk);
    this.reset();
    if (!carryOverlap || this.overlapTokens === 0) return;
    const carried: Unit[] = [];
    let carriedTokens = 0;
    // Never the whole chunk (index 0 stays behind): the next chunk must start somewhere new.
    for (let index = units.length - 1; index > 0; index--) {
      const unit = units[index] as Unit;
      if (carriedTokens + unit.tokens + 1 > this.overlapTokens) break;
      carried.unshift(unit);
      carriedTokens += unit.tokens + 1;
    }
    for (const unit of carried) {
      this.tokens += unit.tokens + (this.units.length > 0 ? 1 : 0);
      this.units.push(unit);
    }
    this.carried = carried.length;
  }

  /** Joins units into chunk text, halving any group whose whole count goes over the limit. */
  private verified(units: readonly Unit[]): string[] {
    const text = join(units);
    if (units.length <= 1 || this.options.count(text) <= this.options.maxTokens)
      return text.length > 0 ? [text] : [];
    const middle = Math.ceil(units.length / 2);
    return [...this.verified(units.slice(0, middle)), ...this.verified(units.slice(middle))];
  }

  /** A paragraph as units each within the limit: itself, its sentences, their words, or character runs. */
  private split(text: string): Unit[] {
    const tokens = this.options.count(text);
    if (tokens <= this.options.maxTokens) return [{ text, tokens, paragraph: true }];
    const units: Unit[] = [];
    for (const sentence of text.split(SENTENCE_END)) {
      for (const unit of this.splitSentence(sentence)) units.push(unit);
    }
    const first = units[0];
    if (first) first.paragraph = true;
    return units;
  }

  private splitSentence(sentence: string): Unit[] {
    const tokens = this.options.count(sentence);
    if (tokens <= this.options.maxTokens) return [{ text: sentence, tokens, paragraph: false }];
    const units: Unit[] = [];
    let words: string[] = [];
    let wordTokens = 0;
    const flush = () => {
      if (words.length === 0) return;
      const text = words.join(' ');
      units.push({ text, tokens: this.options.count(text), paragraph: false });
      words = [];
      wordTokens = 0;
    };
    for (const word of sentence.split(WHITESPACE)) {
      if (word.length === 0) continue;
      const count = this.options.count(word) + 1;
      if (count > this.options.maxTokens) {
        flush();
        for (const piece of this.splitWord(word)) units.push(piece);
        continue;
      }
      if (wordTokens + count > this.options.maxTokens) flush();
      words.push(word);
      wordTokens += count;
    }
    flush();
    return units;
  }

  private splitWord(word: string): Unit[] {
    const tokens = this.options.count(word);
    if (tokens <= this.options.maxTokens || word.length <= 1)
      return [{ text: word, tokens, paragraph: false }];
    // Cut on a UTF-16 boundary that does not split a surrogate pair.
    let middle = Math.floor(word.length / 2);
    const code = word.charCodeAt(middle - 1);
    if (code >= 0xd800 && code <= 0xdbff) middle++;
    return [...this.splitWord(word.slice(0, middle)), ...this.splitWord(word.slice(middle))];
  }
}

function join(units: readonly Unit[]): string {
  let text = '';
  for (const unit of units) {
    if (text.length === 0) text = unit.text;
    else text += (unit.paragraph ? '\n\n' : ' ') + unit.text;
  }
  return text;
}

const BLANK_LINE = /\n[ \t]*\n/;

/**
 * Paragraphs of a text stream: cut at blank lines and before Markdown headings. A run of text with
 * no blank line longer than `maxChars` is cut at its last line break, so memory stays bounded.
 */
export async function* readParagraphs(
  chunks: AsyncIterable<string>,
  maxChars = 1_000_000,
): AsyncGenerator<string> {
  let buffer = '';
  for await (const chunk of chunks) {
    buffer += chunk.replace(/\r\n?/g, '\n');
    const pieces = buffer.split(BLANK_LINE);
    buffer = pieces.pop() ?? '';
    for (const piece of pieces) yield* headingSplit(piece);
    if (buffer.length > maxChars) {
      const cut = buffer.lastIndexOf('\n');
      const at = cut > 0 ? cut : buffer.length;
      yield* headingSplit(buffer.slice(0, at));
      buffer = buffer.slice(at);
    }
  }
  yield* headingSplit(buffer);
}

function* headingSplit(text: string): Generator<string> {
  const trimmed = text.trim();
  if (trimmed.length === 0) return;
  if (!trimmed.includes('\n#')) {
    yield trimmed;
    return;
  }
  for (const part of trimmed.split(/\n(?=#{1,6}\s)/)) {
    const piece = part.trim();
    if (piece.length > 0) yield piece;
  }
}
