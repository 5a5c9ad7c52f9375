/**
 * What an AWS SDK v3 error says about itself, read with zod instead of casts: its exception name,
 * message, Node network code, fault side and HTTP status. Each adapter's translator maps these to
 * core errors.
 */
import * as z from 'zod';

const sdkErrorSchema = z.object({
  name: z.string().catch('Error'),
  message: z.string().catch(''),
  code: z.string().nullish().catch(undefined),
  $fault: z.enum(['client', 'server']).nullish().catch(undefined),
  $metadata: z.object({ httpStatusCode: z.number().nullish() }).nullish().catch(undefined),
});

export interface SdkErrorInfo {
  name: string;
  message: string;
  code: string | undefined;
  fault: 'client' | 'server' | undefined;
  /** Undefined when no response came back (network failure, timeout). */
  status: number | undefined;
}

export function sdkErrorInfo(error: unknown): SdkErrorInfo {
  const parsed = sdkErrorSchema.safeParse(error);
  if (!parsed.success)
    return { name: 'Error', message: String(error), code: undefined, fault: undefined, status: undefined };
  return {
    name: parsed.data.name,
    message: parsed.data.message,
    code: parsed.data.code ?? undefined,
    fault: parsed.data.$fault ?? undefined,
    status: parsed.data.$metadata?.httpStatusCode ?? undefined,
  };
}
