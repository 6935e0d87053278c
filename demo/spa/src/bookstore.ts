import {
  type ApiClient,
  createApiClient,
  createKindeAuth,
  type KindeAuth,
  type NotAuthenticatedError,
} from 'kinde-api-client';
import type { DemoConfig } from './config.js';
import { type DescribedError, describeError } from './describe-error.js';
import { decodeClaims, type ShownClaims } from './token.js';

export interface Book {
  id: number;
  title: string;
  author: string;
  addedBy?: string;
}

export interface BookstoreState {
  books: Book[] | undefined;
  error: DescribedError | undefined;
  claims: ShownClaims | undefined;
  busy: boolean;
}

export type Settled<T> = { ok: true; data: T } | { ok: false; error: DescribedError };

/**
 * The demo's whole use of the SDK: one Kinde session, one API client. The UI and the e2e tests both go
 * through these actions, so what the tests drive is what a user clicks.
 */
export async function createBookstore(config: DemoConfig) {
  // The page at redirectUri must itself run createKindeAuth (pkce-js handles the callback there).
  const origin = window.location.origin;
  const auth: KindeAuth = await createKindeAuth({
    domain: config.domain,
    clientId: config.clientId,
    redirectUri: `${origin}/`,
    logoutUri: `${origin}/`,
    audience: config.audience,
  });

  const unauthenticated: Array<{ reason: string; code: string; message: string }> = [];
  const api: ApiClient = createApiClient({
    baseUrl: config.apiUrl,
    audience: config.audience,
    auth,
    // Once per lost session. A real app would usually call auth.login() here; the demo shows the panel.
    onUnauthenticated: (error: NotAuthenticatedError) => {
      unauthenticated.push({ reason: error.reason, code: error.code, message: error.message });
      update({});
    },
  });

  let state: BookstoreState = { books: undefined, error: undefined, claims: undefined, busy: false };
  const listeners = new Set<() => void>();
  const update = (patch: Partial<BookstoreState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };

  /** Runs one API call, recording its outcome for the UI, and settles to a serialisable result. */
  async function run<T>(
    call: () => Promise<T>,
    onSuccess: (data: T) => Partial<BookstoreState>,
  ): Promise<Settled<T>> {
    update({ busy: true, error: undefined });
    try {
      const data = await call();
      update({ ...onSuccess(data), busy: false, claims: decodeClaims(await auth.getAccessToken()) });
      return { ok: true, data };
    } catch (error) {
      const described = describeError(error);
      update({ busy: false, error: described });
      return { ok: false, error: described };
    }
  }

  const listBooks = () =>
    run(
      () => api.get('books').json<Book[]>(),
      (books) => ({ books }),
    );
  const addBook = (book: { title: string; author: string }) =>
    run(
      () => api.post('books', { json: book }).json<Book>(),
      (added) => ({ books: [...(state.books ?? []), added] }),
    );

  if (auth.getSnapshot().status === 'authenticated') {
    update({ claims: decodeClaims(await auth.getAccessToken()) });
  }

  return {
    config,
    auth,
    api,
    events: { unauthenticated },
    listBooks,
    addBook,
    /** Claims of the current access token (decoded, not verified), for display and tests. */
    claims: async () => decodeClaims(await auth.getAccessToken()),
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

export type Bookstore = Awaited<ReturnType<typeof createBookstore>>;
