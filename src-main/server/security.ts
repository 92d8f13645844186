/**
 * @file The server's request guards, as pure functions over header values: the access token
 * (bearer header or `?token=`, compared in constant time), the Host header check that defeats
 * DNS rebinding, the same-origin check for state-changing requests and WebSocket upgrades, and
 * the security headers every response carries.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/** A fresh access token: 32 random bytes, hex. */
export function createToken(): string {
  return randomBytes(32).toString('hex');
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/**
 * Constant-time token comparison. Both sides are hashed first so the comparison takes the same
 * time whatever the candidate's length (timingSafeEqual itself demands equal lengths).
 */
export function tokenMatches(expected: string, candidate: string | null | undefined): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(candidate).digest();
  return timingSafeEqual(a, b);
}

/** The token a request presents: `Authorization: Bearer …` first, else the `token` query value. */
export function presentedToken(headers: IncomingHttpHeaders, url: URL): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (match) return match[1] ?? null;
  }
  return url.searchParams.get('token');
}

export function isAuthorized(token: string | null, headers: IncomingHttpHeaders, url: URL): boolean {
  return token === null || tokenMatches(token, presentedToken(headers, url));
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]', '']);

/** `::1` → `[::1]`: how an IPv6 host appears in a Host header or URL. */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export type HostPolicy = { boundHost: string; port: number; tokenRequired: boolean };

/**
 * DNS-rebinding guard: a page on evil.example whose name later resolves to 127.0.0.1 sends
 * `Host: evil.example`, so only the bound host and the loopback names are accepted. A server
 * bound to every interface (a headless GPU box opened from another machine) cannot know its
 * public names, so it accepts any Host, but only when the token protects it.
 */
export function hostAllowed(policy: HostPolicy, hostHeader: string | undefined): boolean {
  if (typeof hostHeader !== 'string' || hostHeader.length === 0) return false;
  const boundIsWildcard = WILDCARD_HOSTS.has(policy.boundHost);
  if (boundIsWildcard && policy.tokenRequired) return true;
  const names = new Set(LOOPBACK_NAMES);
  if (!boundIsWildcard) names.add(urlHost(policy.boundHost).toLowerCase());
  const candidate = hostHeader.toLowerCase();
  for (const name of names) {
    if (candidate === name || candidate === `${name}:${policy.port}`) return true;
  }
  return false;
}

/**
 * Cross-origin guard for requests that change state (and for WebSocket upgrades): a browser
 * always sends Origin on those, so when it is present it must name this very server (same
 * scheme-less host:port as the Host header). Non-browser clients send no Origin and pass.
 */
export function originAllowed(originHeader: string | undefined, hostHeader: string | undefined): boolean {
  if (originHeader === undefined) return true;
  if (typeof hostHeader !== 'string') return false;
  try {
    const origin = new URL(originHeader);
    if (origin.protocol !== 'http:' && origin.protocol !== 'https:') return false;
    return origin.host.toLowerCase() === hostHeader.toLowerCase();
  } catch {
    // "null" (sandboxed frames, file:) and garbage are not our origin.
    return false;
  }
}
