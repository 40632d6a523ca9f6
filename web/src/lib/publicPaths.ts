// Pages anyone may open without a session: signing in and up, and the pages behind
// the links Euriqa hands out (invitations, password reset, address confirmation).
// A 401 on them is not "your session ended".
const EXACT = new Set(['/login', '/register', '/forgot-password']);
const PREFIXES = ['/invite/', '/reset-password/', '/verify-email/'];

export function isPublicPath(path: string): boolean {
  return EXACT.has(path) || PREFIXES.some((p) => path.startsWith(p) && path.length > p.length);
}
