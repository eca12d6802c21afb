import { PublicApiError } from '../../public-api-client';

/** A sentence for the person using the app, from whatever went wrong. */
export function describeError(error: unknown): string {
  if (error instanceof PublicApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Announced by screen readers as it appears: errors at once, news politely. */
export function Notice(props: { error?: string; info?: string }) {
  return (
    <>
      <p class="notice error" role="alert" hidden={!props.error}>
        {props.error}
      </p>
      <p class="notice info" role="status" hidden={!props.info}>
        {props.info}
      </p>
    </>
  );
}
