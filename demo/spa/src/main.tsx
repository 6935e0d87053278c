import { KindeAuthProvider } from 'kinde-api-client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { type Bookstore, createBookstore } from './bookstore.js';
import { readConfig } from './config.js';
import './style.css';

declare global {
  interface Window {
    /**
     * Test hooks: the e2e tests drive calls and read onUnauthenticated events through this. Typed as always
     * present for the tests' sake; they wait for it before using it.
     */
    __demo: Bookstore;
  }
}

const root = createRoot(document.getElementById('root') as HTMLElement);
try {
  const store = await createBookstore(readConfig());
  window.__demo = store;
  root.render(
    <StrictMode>
      <KindeAuthProvider auth={store.auth}>
        <App store={store} />
      </KindeAuthProvider>
    </StrictMode>,
  );
} catch (error) {
  root.render(
    <pre className="fatal" role="alert">
      {error instanceof Error ? `${error.name}: ${error.message}` : String(error)}
    </pre>,
  );
}
