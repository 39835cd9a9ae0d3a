/** A request the API refuses; `code` is stable for clients, `field` names the offending input. Mapped to 4xx by {@link DomainErrorFilter}. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503 = 400,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
