import { act } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { KindeAuthProvider, useAuth } from '../../src/react/index.js';
import { fakeKindeAuth } from './helpers/auth.js';

function Status() {
  const { status, user } = useAuth();
  return <p>{`${status} ${user?.given_name ?? ''}`}</p>;
}

describe('hydration', () => {
  it('hydrates the server HTML without a mismatch, then shows the real auth state', async () => {
    const kinde = fakeKindeAuth();
    kinde.signIn();
    const tree = (
      <KindeAuthProvider auth={kinde.auth}>
        <Status />
      </KindeAuthProvider>
    );
    const container = document.createElement('div');
    container.innerHTML = renderToString(tree);
    expect(container.textContent).toBe('loading ');

    const onRecoverableError = vi.fn();
    await act(async () => {
      hydrateRoot(container, tree, { onRecoverableError });
    });
    expect(onRecoverableError).not.toHaveBeenCalled();
    expect(container.textContent).toBe('authenticated Ada');
  });
});
