import type { Models } from 'purecloud-platform-client-v2';
import { SimHttpError } from './kernel';

/** Genesys' ErrorBody: every error the API answers carries these fields and the request's correlation id. */
export function errorBody(error: SimHttpError, contextId: string): Models.ErrorBody {
  const params = error.extra.messageParams;
  const body: Models.ErrorBody = {
    // With messageParams the error's message is a template such as "User {userId} is not …".
    message: params ? error.message.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole) : error.message,
    code: error.code,
    status: error.status,
    contextId,
    details: [],
    errors: [],
  };
  if (error.extra.entityId) body.entityId = error.extra.entityId;
  if (params) {
    body.messageParams = params;
    body.messageWithParams = error.message;
  }
  return body;
}

export const badRequest = (message: string, code = 'bad.request'): SimHttpError => new SimHttpError(400, code, message);

export const invalidValue = (message: string): SimHttpError => new SimHttpError(400, 'invalid.value', message);

export const notFound = (message = 'The requested resource was not found.', code = 'not.found'): SimHttpError =>
  new SimHttpError(404, code, message);

export const userNotFound = (): SimHttpError =>
  new SimHttpError(404, 'general.resource.not.found', 'Unable to find a user with that userId');
