/**
 * The problems a dataset report lists. Codes are stable: Slack messages, the CLI's `--json` and
 * anyone scripting against them key on the code, never on the message, which may be reworded.
 */
export const ERROR_CODES = {
  empty_file: 'The file has no records.',
  binary_file: 'The file is not text (PDF, archive, image, or NUL bytes).',
  json_array: 'The file is one JSON array instead of one JSON object per line.',
  utf8_bom: 'The file starts with a UTF-8 byte order mark.',
  invalid_utf8: 'A line is not valid UTF-8.',
  line_too_long: 'A line is longer than any record of this model can be.',
  invalid_json: 'A line is not valid JSON.',
  not_an_object: 'A line is JSON but not an object.',
  too_deeply_nested: 'A record nests arrays or objects more than 100 levels deep.',
  lone_surrogate: 'A string holds half of a UTF-16 surrogate pair (e.g. an unpaired \\ud800 escape).',
  missing_field: 'A required field is absent.',
  wrong_type: 'A field has the wrong type (null counts as wrong).',
  empty_field: 'A text field is empty or only whitespace.',
  unknown_format: 'A record matches none of the formats Bedrock accepts.',
  mixed_formats: 'A record uses a different format from the file’s first record.',
  wrong_format: 'The file’s format is not the one this model and customization type need.',
  invalid_schema_version: 'schemaVersion does not have the value this model needs.',
  invalid_role: 'A message role is not "user" or "assistant".',
  role_order: 'Messages do not alternate user/assistant, start with user and end with assistant.',
  too_few_messages: 'A conversation has fewer than two messages.',
  reserved_string: 'A text contains a string the model reserves.',
  media_not_allowed: 'An image or video where this model accepts none (or in an assistant turn).',
  too_many_media: 'More images or videos in a record than the model accepts.',
  mixed_media: 'The dataset mixes images and videos.',
  invalid_media: 'An image or video entry is malformed (format, S3 URI).',
  invalid_content: 'A content item is not exactly one of text, image or video.',
  record_too_long: 'A record has more tokens than the model’s per-record limit.',
  too_many_records: 'More records than the model accepts in this file.',
  too_few_records: 'Fewer records than the model needs.',
  file_too_large: 'The file is larger than the model accepts.',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export const WARNING_CODES = {
  blank_line: 'An empty line; Bedrock may reject it, and it holds no record.',
  crlf_line_endings: 'Lines end in CR LF (Windows); accepted, but LF is safer.',
  duplicate_record: 'The same record appears earlier in the file.',
  duplicate_check_limited: 'Duplicates were looked for among the first records only.',
  extra_key: 'A record has a key the format does not use; Bedrock ignores or rejects it.',
  near_token_limit: 'A record is close to the per-record token limit.',
  token_limit_unknown: 'The model’s per-record token limit is not known; lengths were not checked.',
  limit_unconfirmed: 'A limit applied here comes from a secondary source.',
  missing_system: 'A conversation has no system prompt where the model’s samples use one.',
} as const;
export type WarningCode = keyof typeof WARNING_CODES;

export interface Issue<Code extends string = string> {
  /** 1-based line number; null for problems of the whole file (too few records, size). */
  line: number | null;
  code: Code;
  /** Says what is wrong and how to fix it, naming the line and field. */
  message: string;
  /** The field's path within the record, e.g. `messages[2].content`. */
  field?: string;
}

/**
 * Keeps the first `limit` issues and counts all of them, so that a file with a million bad lines
 * reports every count in constant memory while showing the first ones in full.
 */
export class IssueLog<Code extends string> {
  readonly kept: Issue<Code>[] = [];
  readonly counts: Partial<Record<Code, number>> = {};
  total = 0;

  constructor(private readonly limit: number) {}

  add(issue: Issue<Code>): void {
    this.total++;
    this.counts[issue.code] = (this.counts[issue.code] ?? 0) + 1;
    if (this.kept.length < this.limit) this.kept.push(issue);
  }

  /** Issues of the whole file go first in the kept list, whatever the limit. */
  addFileLevel(issue: Issue<Code>): void {
    this.total++;
    this.counts[issue.code] = (this.counts[issue.code] ?? 0) + 1;
    this.kept.unshift(issue);
    if (this.kept.length > Math.max(this.limit, 1)) this.kept.pop();
  }

  count(code: Code): number {
    return this.counts[code] ?? 0;
  }
}
