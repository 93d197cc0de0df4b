// One error vocabulary for the whole app. The message is a translation key; the error handler
// renders it in the user's language and never shows internals.
export class AppError extends Error {
  readonly status: number;
  readonly params: Record<string, unknown>;
  constructor(status: number, messageKey: string, params: Record<string, unknown> = {}) {
    super(messageKey);
    this.status = status;
    this.params = params;
  }
}

export const NotFound = (key = 'errors.not_found.message') => new AppError(404, key);
export const Forbidden = (key = 'errors.forbidden.message') => new AppError(403, key);
export const Validation = (key = 'errors.validation.message') => new AppError(422, key);
export const Conflict = (key = 'errors.conflict.message', params: Record<string, unknown> = {}) =>
  new AppError(409, key, params);
