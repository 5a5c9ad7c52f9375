/** Slack Web API failures as core errors: rate limits and transport errors may pass, API errors will not. */
import { ErrorCode, type WebAPICallError } from '@slack/web-api';
import * as z from 'zod';
import {
  NotFoundError,
  ThrottledError,
  type TuneError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from '../core/errors.js';

/** A platform error carries Slack's own word for it (`not_in_channel`, …) in `data.error`. */
const platformErrorSchema = z.object({ data: z.object({ error: z.string().catch('') }) });

function isWebApiError(error: unknown): error is WebAPICallError {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string';
}

export function translateSlackError(error: unknown, doing: string): TuneError {
  if (!isWebApiError(error))
    return new UpstreamUnavailableError(`Slack failed ${doing}: ${String(error)}`, { cause: error });
  switch (error.code) {
    case ErrorCode.RateLimitedError:
      return new ThrottledError(`Slack rate-limited ${doing}.`, { cause: error });
    case ErrorCode.RequestError:
    case ErrorCode.HTTPError:
      return new UpstreamUnavailableError(`Slack could not be reached ${doing}: ${error.message}`, {
        cause: error,
      });
    case ErrorCode.PlatformError: {
      const slackError = platformErrorSchema.safeParse(error).data?.data.error ?? '';
      if (slackError === 'channel_not_found' || slackError === 'message_not_found') {
        return new NotFoundError(`Slack says ${slackError} ${doing}.`, { cause: error });
      }
      return new UpstreamRejectedError(`Slack refused ${doing}: ${slackError || error.message}`, {
        cause: error,
      });
    }
    default:
      return new UpstreamRejectedError(`Slack failed ${doing}: ${String(error)}`, { cause: error });
  }
}
