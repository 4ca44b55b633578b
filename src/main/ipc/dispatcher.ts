/**
 * The one place where a request from a renderer enters main, whatever the transport:
 * sender check → schema → handler → Result. Nothing a handler throws leaks as a raw string.
 */
import { AppError, failure, ok, type Result } from '../../shared/result';
import { isRequestChannel, type RequestArgs, type RequestChannel, type RequestResult } from '../../shared/ipc/contract';
import { requestSchemas } from '../../shared/ipc/contract.schemas';
import type { Logger } from '../../core/logging/logger';

export type HandlerTable = {
  [C in RequestChannel]: (args: RequestArgs<C>) => Promise<RequestResult<C>> | RequestResult<C>;
};

/** What the transport knows about who sent a request. */
export interface SenderInfo {
  /** True only for the app's own top-level frame (Electron) or the token-authenticated bridge page. */
  trusted: boolean;
  /** For the log when rejecting. */
  description: string;
}

export type Dispatch = (sender: SenderInfo, channel: unknown, payload: unknown) => Promise<Result<unknown>>;

export function createDispatcher(handlers: HandlerTable, log: Logger): Dispatch {
  return async (sender, channel, payload) => {
    if (!sender.trusted) {
      log.warn('ipc: rejected request from untrusted sender', { sender: sender.description, channel: String(channel) });
      return failure('forbidden', 'This request did not come from the app window.');
    }
    if (!isRequestChannel(channel)) {
      return failure('unknownChannel', `Unknown request channel: ${String(channel).slice(0, 60)}`);
    }
    const parsed = requestSchemas[channel].safeParse(payload);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      return failure('invalidArgument', `Invalid request for ${channel}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`, issues);
    }
    try {
      const handler = handlers[channel] as (args: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      if (error instanceof AppError) return failure(error.code, error.message, error.issues);
      log.error('ipc: handler failed', { channel, error });
      return failure('internal', 'Something went wrong inside the app. The details are in the log.');
    }
  };
}
