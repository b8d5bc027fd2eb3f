/**
 * Who is using the console: the session cookie's user (GET /api/session), or
 * the login form that trades a token for the cookie (POST /api/session).
 * The token never stays in the page: the cookie is HttpOnly.
 */
import type { SessionResponse } from '../api/contract.js';
import { ROUTES } from '../api/routes.js';
import { HttpGroundApi } from '../client/http-ground-api.js';
import { h } from './dom.js';

export type User = SessionResponse['user'];

/** The signed-in user, or null when there is no (valid) session. */
export async function currentUser(): Promise<User | null> {
  const who = await new HttpGroundApi(location.origin).whoAmI();
  if (who.ok) return who.value.user;
  if (who.code === 'unauthorized') return null;
  throw new Error(who.error);
}

export async function logout(): Promise<void> {
  await fetch(ROUTES.logout.path, { method: 'DELETE' });
}

/** The login form; resolves with the user once a token is accepted. */
export function loginForm(): { readonly element: HTMLElement; readonly signedIn: Promise<User> } {
  let done: (user: User) => void = () => {};
  const signedIn = new Promise<User>((resolve) => (done = resolve));
  const token = h('input', { type: 'password', name: 'token', autocomplete: 'current-password', required: true, size: 48 });
  const message = h('p', { className: 'error', role: 'alert' });
  const form = h(
    'form',
    {
      className: 'panel login',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        message.textContent = '';
        const response = await fetch(ROUTES.login.path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: token.value.trim() }),
        });
        const body = (await response.json().catch(() => ({}))) as Partial<SessionResponse> & { error?: string };
        if (response.ok && body.user) return done(body.user);
        message.textContent = body.error ?? `the server answered ${response.status}`;
      },
    },
    h('h2', {}, 'Sign in'),
    h(
      'p',
      { className: 'muted' },
      'Your token: the ground server wrote the first one to its token file (ground-token); a flight director makes more with npx ground users add.',
    ),
    h('label', {}, 'Token', token),
    h('p', {}, h('button', { type: 'submit', className: 'primary' }, 'Sign in')),
    message,
  );
  return { element: form, signedIn };
}
