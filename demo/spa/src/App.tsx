import { useAuth } from 'kinde-api-client/react';
import { type FormEvent, useState, useSyncExternalStore } from 'react';
import type { Bookstore } from './bookstore.js';

export function App({ store }: { store: Bookstore }) {
  const { config } = store;
  // The sign-in state comes from the package's React entry (<KindeAuthProvider> in main.tsx).
  const { isAuthenticated: signedIn, isLoading, user, login, logout } = useAuth();
  const state = useSyncExternalStore(store.subscribe, store.getState);

  return (
    <div className="page">
      <header>
        <h1>
          <svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true">
            <path
              fill="currentColor"
              d="M4 3h7a3 3 0 0 1 1 .2A3 3 0 0 1 13 3h7v16h-7a2 2 0 0 0-1 .3 2 2 0 0 0-1-.3H4zm2 2v12h5l.1.1V6a1 1 0 0 0-1-1zm12 0h-4a1 1 0 0 0-1 1v11.1L13 17h5z"
            />
          </svg>{' '}
          Bookstore
        </h1>
        {signedIn ? (
          <div className="user" data-testid="user">
            {user?.picture ? <img src={user.picture} alt="" width={36} height={36} /> : null}
            <span>
              <strong>
                {user?.given_name} {user?.family_name}
              </strong>
              <small>{user?.email}</small>
            </span>
            <button type="button" onClick={() => void logout()}>
              Sign out
            </button>
          </div>
        ) : (
          <button type="button" className="primary" onClick={() => void login()} disabled={isLoading}>
            Sign in
          </button>
        )}
      </header>

      <main>
        {signedIn ? (
          <>
            <TokenPanel store={store} />
            <Books store={store} />
          </>
        ) : (
          <section className="card" data-testid="signed-out">
            <h2>Signed out</h2>
            <p>
              Sign in to list books from the API at <code>{config.apiUrl}</code>. The SDK sends your Kinde
              access token for the audience <code>{config.audience}</code>.
            </p>
            {config.mode === 'local' ? (
              <p className="muted">
                Local issuer: sign in as <b>alice@example.com</b> (may add books) or <b>bob@example.com</b>{' '}
                (read only).
              </p>
            ) : null}
            <p>
              <button type="button" className="secondary" onClick={() => void store.listBooks()}>
                Try calling the API anyway
              </button>
            </p>
          </section>
        )}
        {state.error ? <ErrorPanel error={state.error} /> : null}
        {store.events.unauthenticated.length > 0 ? (
          <section className="card muted" data-testid="unauthenticated-events">
            <h3>onUnauthenticated fired {store.events.unauthenticated.length}×</h3>
            <ul>
              {store.events.unauthenticated.map((event, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log
                <li key={index}>
                  <code>{event.reason}</code>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </main>
      <footer className="muted">
        kinde-api-client demo · issuer <code>{config.domain}</code> · API <code>{config.apiUrl}</code>
      </footer>
    </div>
  );
}

function TokenPanel({ store }: { store: Bookstore }) {
  const { claims } = useSyncExternalStore(store.subscribe, store.getState);
  if (!claims) return null;
  return (
    <section className="card token" data-testid="token">
      <h2>Access token</h2>
      <dl>
        <dt>aud</dt>
        <dd data-testid="token-aud">{claims.aud.length > 0 ? claims.aud.join(', ') : '[] (empty!)'}</dd>
        <dt>permissions</dt>
        <dd>{claims.permissions.join(', ') || '—'}</dd>
        <dt>expires</dt>
        <dd>{claims.exp ? new Date(claims.exp * 1000).toLocaleTimeString() : '—'}</dd>
      </dl>
    </section>
  );
}

function Books({ store }: { store: Bookstore }) {
  const { books, busy } = useSyncExternalStore(store.subscribe, store.getState);
  const [title, setTitle] = useState('');
  const [author, setAuthor] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await store.addBook({ title, author });
    if (result.ok) {
      setTitle('');
      setAuthor('');
    }
  };

  return (
    <section className="card">
      <div className="row">
        <h2>Books</h2>
        <button type="button" onClick={() => void store.listBooks()} disabled={busy}>
          {books ? 'Reload' : 'Load books'}
        </button>
      </div>
      {books ? (
        <ul className="books" data-testid="books">
          {books.map((book) => (
            <li key={book.id}>
              <strong>{book.title}</strong> <span className="muted">by {book.author}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Not loaded yet.</p>
      )}
      <form onSubmit={submit} className="add">
        <input placeholder="Title" value={title} onChange={(e) => setTitle(e.target.value)} required />
        <input placeholder="Author" value={author} onChange={(e) => setAuthor(e.target.value)} required />
        <button type="submit" disabled={busy}>
          Add book
        </button>
      </form>
    </section>
  );
}

function ErrorPanel({ error }: { error: NonNullable<ReturnType<Bookstore['getState']>['error']> }) {
  return (
    <section className="card error" role="alert" data-testid="error" data-error-name={error.name}>
      <h2>
        {error.title} <code>{error.name}</code>
        {error.code ? <code>{error.code}</code> : null}
      </h2>
      <p>{error.hint}</p>
      {error.expected ? (
        <p>
          Expected audience <code>{error.expected}</code>, token has{' '}
          <code>{JSON.stringify(error.actual)}</code>.
        </p>
      ) : null}
      <details>
        <summary>Message</summary>
        <p>{error.message}</p>
      </details>
    </section>
  );
}
