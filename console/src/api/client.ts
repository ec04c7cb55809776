/**
 * The console's one API client: openapi-fetch typed by the gateway's own
 * OpenAPI document (schema.d.ts, generated), so every path, parameter, body
 * and answer is checked at compile time. It adds the caller's API key to
 * every request; the key lives in sessionStorage only (this tab, until
 * sign-out), never in a URL or a log.
 */
import createClient from 'openapi-fetch';
import { type ApiErrorBody, errorOf } from '../model/errors';
import { collectPages } from '../model/throttle';
import { TRANSFER_IDS_ITEM } from '../model/transfers';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

const KEY_ITEM = 'bond-console.api-key';

/** The API key of this browser tab's session. */
export const session = {
  key: (): string | null => sessionStorage.getItem(KEY_ITEM),
  signIn: (key: string): void => {
    sessionStorage.setItem(KEY_ITEM, key);
  },
  signOut: (): void => {
    sessionStorage.removeItem(KEY_ITEM);
    // The transfer ids the Transfers screen remembered (model/transfers.ts TRANSFER_IDS_ITEM): the next user starts afresh.
    sessionStorage.removeItem(TRANSFER_IDS_ITEM);
  },
};

/** The gateway that served the console is the caller's own organisation's: every call goes to it. */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use({
  onRequest({ request }) {
    const key = session.key();
    if (key !== null) request.headers.set('Authorization', `Bearer ${key}`);
    return request;
  },
});

/** A refused or failed call, with the gateway's error body. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(`${body.code}: ${body.message}`);
  }
}

/** What openapi-fetch answers, as far as the console looks at it. */
export interface Answer<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** The answer's data, or an ApiFailure with the gateway's error (a network failure is `NETWORK`). */
export async function read<D>(call: Promise<Answer<D>>): Promise<D> {
  let answer: Answer<D>;
  try {
    answer = await call;
  } catch {
    throw new ApiFailure(0, errorOf(undefined, 0));
  }
  if (answer.error !== undefined || answer.data === undefined)
    throw new ApiFailure(answer.response.status, errorOf(answer.error, answer.response.status));
  return answer.data;
}

/** Every page of a paginated query (at most `maxPages`), records in order. */
export async function allPages<T>(
  page: (cursor: string | undefined) => Promise<Answer<{ records: T[]; bookmark: string }>>,
  maxPages = 20,
): Promise<T[]> {
  return (await collectPages((cursor) => read(page(cursor)), maxPages)).records;
}

/** A read that may find nothing (no book yet): undefined instead of a NOT_FOUND failure. */
export async function optional<T>(load: Promise<T>): Promise<T | undefined> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 404) return undefined;
    throw error;
  }
}

/** A read the caller may not be entitled to, or that may find nothing: undefined for a 403 or a 404, and the section stays away. */
export async function ifReadable<T>(load: Promise<T>): Promise<T | undefined> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof ApiFailure && (error.status === 403 || error.status === 404)) return undefined;
    throw error;
  }
}
