/** The sign-in page's search params: where to go afterwards, and why the user is here. */
export type SignInSearch = { redirect?: string; reason?: 'expired' }

export const SIGN_IN_PATH = '/sign-in'

/** Keeps only what it understands; the redirect target stays raw here and is checked where it is used. */
export function validateSignInSearch(search: Record<string, unknown>): SignInSearch {
  const redirect = typeof search.redirect === 'string' && search.redirect !== '' ? search.redirect : undefined
  const reason = search.reason === 'expired' ? 'expired' : undefined
  // Both keys named, so that no raw value of the link passes through (lib/window-search.ts).
  return { redirect, reason }
}

/** The sign-in page's search for a user who was on `href` (path + search) when they had to sign in. */
export function signInSearchFor(href: string, expired: boolean): SignInSearch {
  const redirect = safeRedirectPath(href)
  return { ...(redirect !== '/' ? { redirect } : {}), ...(expired ? { reason: 'expired' as const } : {}) }
}

const ORIGIN = 'https://dashboard.invalid'

/**
 * Where to go after signing in: `target` when it is a path on this dashboard, else `/`. The target comes from
 * the URL, so anyone can craft a sign-in link; sending the user to another site from it would make the
 * dashboard an open redirect. Accepted: one leading `/`, then anything but whitespace and control characters.
 * Refused: `//host` and `/\host` (browsers read both as another host), schemes (`https:`, `javascript:`),
 * relative paths, tabs and newlines (browsers drop them, so `/\t/host` would become `//host`), and the sign-in
 * page itself (a loop).
 */
export function safeRedirectPath(target: unknown): string {
  if (typeof target !== 'string' || target.length > 2048) return '/'
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/'
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u0020\u007f]/.test(target)) return '/'
  let url: URL
  try {
    url = new URL(target, ORIGIN)
  } catch {
    return '/'
  }
  if (url.origin !== ORIGIN) return '/'
  if (url.pathname === SIGN_IN_PATH || url.pathname.startsWith(`${SIGN_IN_PATH}/`)) return '/'
  return target
}
