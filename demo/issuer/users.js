// @ts-check

/**
 * @typedef {object} DemoUser
 * @property {string} id Kinde user ids look like `kp_` followed by 32 hex digits.
 * @property {string} email
 * @property {string} givenName
 * @property {string} familyName
 * @property {string[]} permissions
 * @property {string[]} [roles]
 * @property {Record<string, { t: 'b' | 'i' | 's', v: boolean | number | string }>} [featureFlags]
 */

/**
 * The demo's two test users. Alice may add books; Bob may only read them, so the SPA can show a
 * 403 `insufficient_scope` answer.
 *
 * @type {DemoUser[]}
 */
export const defaultUsers = [
  {
    id: 'kp_a11ce000000000000000000000000001',
    email: 'alice@example.com',
    givenName: 'Alice',
    familyName: 'Editor',
    permissions: ['read:books', 'create:books'],
    roles: ['editor'],
    featureFlags: { can_add_books: { t: 'b', v: true }, theme: { t: 's', v: 'light' } },
  },
  {
    id: 'kp_b0b00000000000000000000000000002',
    email: 'bob@example.com',
    givenName: 'Bob',
    familyName: 'Reader',
    permissions: ['read:books'],
    roles: ['reader'],
    featureFlags: { can_add_books: { t: 'b', v: false }, theme: { t: 's', v: 'dark' } },
  },
];

/**
 * Finds a user by id or email (what a `login_hint` carries).
 *
 * @param {DemoUser[]} users
 * @param {string | null | undefined} hint
 */
export function findUser(users, hint) {
  if (!hint) return undefined;
  const wanted = hint.trim().toLowerCase();
  return users.find((user) => user.id.toLowerCase() === wanted || user.email.toLowerCase() === wanted);
}
