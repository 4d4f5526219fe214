/**
 * Thrown by API handlers for an answer other than 200: the status and an SS 12000 error body
 * ({code, message}). Messages name the customer, resource or parameter, never personal data.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new ApiError(400, 'invalid_request', message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
