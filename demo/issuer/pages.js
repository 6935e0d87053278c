// @ts-check

/** @typedef {import('./users.js').DemoUser} DemoUser */

/** @param {string} text */
const escapeHtml = (text) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The sign-in page: one button per test user. The original authorize query travels in hidden
 * fields so the approval can be checked exactly like a direct, auto-approved request.
 *
 * @param {{ users: DemoUser[], params: URLSearchParams, register: boolean }} options
 */
export function signInPage({ users, params, register }) {
  const hidden = [...params]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  const buttons = users
    .map(
      (user) => `<button name="user" value="${escapeHtml(user.email)}" data-user="${escapeHtml(user.email)}">
  <img src="/avatars/${escapeHtml(user.id)}.svg" alt="" width="36" height="36">
  <span><strong>${escapeHtml(`${user.givenName} ${user.familyName}`)}</strong><br>
  <small>${escapeHtml(user.email)} · ${escapeHtml(user.permissions.join(', '))}</small></span>
</button>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${register ? 'Register' : 'Sign in'} · local Kinde issuer</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 16px system-ui, sans-serif; background: #f4f4f5; display: grid; place-items: center; min-height: 100vh; margin: 0; }
  main { background: white; padding: 2rem; border-radius: 12px; box-shadow: 0 2px 12px #0002; width: min(26rem, 90vw); }
  h1 { font-size: 1.3rem; margin-top: 0; }
  p { color: #555; }
  button { display: flex; gap: .8rem; align-items: center; width: 100%; text-align: left; padding: .7rem; margin: .5rem 0;
    border: 1px solid #ddd; border-radius: 8px; background: #fafafa; cursor: pointer; font: inherit; }
  button:hover { border-color: #333; }
</style></head>
<body><main>
<h1>${register ? 'Create an account' : 'Sign in'} to the bookstore</h1>
<p>Local Kinde-compatible issuer for the demo. Pick a test user:</p>
<form method="post" action="/oauth2/auth/approve">${hidden}
${buttons}
</form>
</main></body></html>`;
}

/**
 * A round avatar with the user's initials, so the demo needs no network for pictures.
 *
 * @param {DemoUser} user
 */
export function avatarSvg(user) {
  const initials = `${user.givenName[0] ?? ''}${user.familyName[0] ?? ''}`;
  const hue = [...user.id].reduce((sum, char) => sum + char.charCodeAt(0), 0) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
<circle cx="32" cy="32" r="32" fill="hsl(${hue} 60% 45%)"/>
<text x="32" y="40" font-family="sans-serif" font-size="24" fill="white" text-anchor="middle">${escapeHtml(initials)}</text>
</svg>`;
}
