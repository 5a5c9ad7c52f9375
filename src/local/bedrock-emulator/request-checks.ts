/**
 * Reading request bodies and query strings the way Bedrock's front end does: JSON of the wrong type
 * is a SerializationException-like ValidationException, and field constraints (length, pattern,
 * enum, range) are collected and reported together in AWS's wording.
 */
import { type ConstraintViolation, constraintError, validation } from './errors.js';

export type JsonObject = Record<string, unknown>;

export function parseJsonBody(body: Buffer): JsonObject {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw validation('Could not parse the request body as JSON.');
  }
  if (!isJsonObject(parsed)) throw validation('The request body must be a JSON object.');
  return parsed;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects violations for one request, then throws them as one ValidationException. */
export class Constraints {
  private readonly violations: ConstraintViolation[] = [];

  string(
    field: string,
    value: unknown,
    rules: { required?: boolean; min?: number; max?: number; pattern?: string; values?: readonly string[] },
  ): string | undefined {
    if (value === undefined || value === null) {
      if (rules.required) this.add(field, undefined, 'Member must not be null');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.add(field, value, 'Member must be a string');
      return undefined;
    }
    if (rules.min !== undefined && value.length < rules.min) {
      this.add(field, value, `Member must have length greater than or equal to ${rules.min}`);
    }
    if (rules.max !== undefined && value.length > rules.max) {
      this.add(field, value, `Member must have length less than or equal to ${rules.max}`);
    }
    if (rules.pattern !== undefined && !new RegExp(`^(?:${rules.pattern})$`).test(value)) {
      this.add(field, value, `Member must satisfy regular expression pattern: ${rules.pattern}`);
    }
    if (rules.values && !rules.values.includes(value)) {
      this.add(field, value, `Member must satisfy enum value set: [${rules.values.join(', ')}]`);
    }
    return value;
  }

  integer(
    field: string,
    value: unknown,
    rules: { required?: boolean; min?: number; max?: number },
  ): number | undefined {
    if (value === undefined || value === null) {
      if (rules.required) this.add(field, undefined, 'Member must not be null');
      return undefined;
    }
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number)) {
      this.add(field, value, 'Member must be an integer');
      return undefined;
    }
    if (rules.min !== undefined && number < rules.min) {
      this.add(field, value, `Member must have value greater than or equal to ${rules.min}`);
    }
    if (rules.max !== undefined && number > rules.max) {
      this.add(field, value, `Member must have value less than or equal to ${rules.max}`);
    }
    return number;
  }

  timestamp(field: string, value: string | null): number | undefined {
    if (value === null) return undefined;
    const parsed = Date.parse(value);
    if (Number.isNaN(parsed)) {
      this.add(field, value, 'Member must be a timestamp in ISO 8601 format');
      return undefined;
    }
    return parsed;
  }

  add(field: string, value: unknown, constraint: string): void {
    this.violations.push({ field, value, constraint });
  }

  /** Throws the collected violations, if any. */
  check(): void {
    if (this.violations.length > 0) throw constraintError(this.violations);
  }
}

export interface Page<T> {
  items: T[];
  nextToken: string | undefined;
}

/** Opaque offset tokens; a token the emulator did not issue is a ValidationException, as on AWS. */
export function paginate<T>(
  items: readonly T[],
  maxResults: number | undefined,
  nextToken: string | null,
): Page<T> {
  let offset = 0;
  if (nextToken !== null) {
    const decoded = /^o(\d+)$/.exec(Buffer.from(nextToken, 'base64url').toString('utf8'));
    if (!decoded?.[1]) throw validation('Invalid pagination token.');
    offset = Number(decoded[1]);
  }
  const size = maxResults ?? 1000;
  const page = items.slice(offset, offset + size);
  const next =
    offset + size < items.length ? Buffer.from(`o${offset + size}`).toString('base64url') : undefined;
  return { items: page, nextToken: next };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Drops undefined members, so optional fields are absent (not null) in responses, as on AWS. */
export function compact<T extends JsonObject>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
