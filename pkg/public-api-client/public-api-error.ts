/** An error answer of the public API (`{ error: { code, message } }`), or no answer at all. */
export class PublicApiError extends Error {
  constructor(
    /** HTTP status; 0 when the gateway could not be reached. */
    readonly status: number,
    /** The API's error code (`NOT_FOUND`, `UNAUTHENTICATED`, …), or `UNREACHABLE`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PublicApiError';
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
}

/** The error a failed response stands for, read from its body when it has the API's shape. */
export async function errorOf(response: Response): Promise<PublicApiError> {
  let body: ErrorBody | undefined;
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    body = undefined;
  }
  const code = typeof body?.error?.code === 'string' ? body.error.code : `HTTP_${response.status}`;
  const message =
    typeof body?.error?.message === 'string'
      ? body.error.message
      : `the gateway answered ${response.status} ${response.statusText}`.trim();
  return new PublicApiError(response.status, code, message);
}
