import { createHash, timingSafeEqual } from 'node:crypto';
import os from 'node:os';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/** Cookie that carries the token after a visit with ?token=. */
export const TOKEN_COOKIE = 'paperloom_token';
/** The shortest PAPERLOOM_TOKEN accepted. */
export const MIN_TOKEN_LENGTH = 16;

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127\.\d+\.\d+\.\d+$/.test(h) || h.endsWith('.localhost');
}

/**
 * Host names a request may name in its Host header: loopback names, the address the server is bound to,
 * and when bound to all interfaces, this machine's addresses and name; plus PAPERLOOM_ALLOWED_HOSTS.
 * Anything else is refused, so a page on another site cannot reach the server by DNS rebinding.
 */
export function allowedHosts(bind: string, extra: string[]): Set<string> {
  const hosts = new Set([...LOOPBACK_NAMES, bind.replace(/^\[|\]$/g, '').toLowerCase(), ...extra.map((h) => h.toLowerCase())]);
  if (bind === '0.0.0.0' || bind === '::') {
    hosts.add(os.hostname().toLowerCase());
    for (const addresses of Object.values(os.networkInterfaces())) for (const a of addresses ?? []) hosts.add(a.address.toLowerCase());
  }
  return hosts;
}

/** The host name of a Host header, without port or brackets. */
function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  return h.replace(/:\d+$/, '');
}

const digest = (s: string) => createHash('sha256').update(s).digest();
const sameToken = (given: string, token: string) => timingSafeEqual(digest(given), digest(token));

function refuse(c: Context, status: 401 | 403 | 421, message: string) {
  return c.req.path.startsWith('/api/') ? c.json({ error: message }, status) : c.text(message, status);
}

/** Refuses requests whose Host header names a host not in `hosts` (DNS rebinding). */
export function hostCheck(hosts: Set<string>): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host');
    if (!host || !hosts.has(hostName(host))) return refuse(c, 421, `paperloom does not answer for host "${host ?? ''}"; add it to PAPERLOOM_ALLOWED_HOSTS if it is yours`);
    await next();
  };
}

/**
 * With a token, every request must carry it: `Authorization: Bearer <token>`, or the cookie a visit to
 * any page with `?token=<token>` sets (then the address is cleaned of it).
 */
export function tokenCheck(token: string | null): MiddlewareHandler {
  return async (c, next) => {
    if (token === null) return next();
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const fromQuery = c.req.query('token');
    const cookie = getCookie(c, TOKEN_COOKIE);
    if (fromQuery !== undefined && sameToken(fromQuery, token)) {
      setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      // One leading slash: "//host/" would send the browser to another site.
      if (c.req.method === 'GET') return c.redirect(`/${url.pathname.replace(/^\/+/, '')}${url.search}`, 303);
      return next();
    }
    if ((bearer !== undefined && sameToken(bearer, token)) || (cookie !== undefined && sameToken(cookie, token))) return next();
    return refuse(c, 401, 'paperloom needs its token: open the address with ?token=<PAPERLOOM_TOKEN>, or send Authorization: Bearer <token>');
  };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * State-changing requests must come from this server's own pages: a browser says where a request comes
 * from (Sec-Fetch-Site, Origin), and a cross-site one is refused. Clients that are not browsers send
 * neither and are not a cross-site risk (the token still applies).
 */
export function sameOriginWrites(): MiddlewareHandler {
  return async (c, next) => {
    if (!UNSAFE.has(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return refuse(c, 403, `cross-site ${c.req.method} refused`);
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      let originHost: string;
      try {
        originHost = new URL(origin).host;
      } catch {
        return refuse(c, 403, `${c.req.method} from origin "${origin}" refused`);
      }
      if (originHost.toLowerCase() !== (c.req.header('host') ?? '').toLowerCase()) return refuse(c, 403, `${c.req.method} from origin "${origin}" refused`);
    }
    await next();
  };
}

/**
 * Headers on every answer: a Content-Security-Policy that runs only this server's own scripts (no inline
 * script, no eval; mermaid's SVG needs inline styles), no framing, no sniffing, no referrer to other sites.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on form posts.
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
  };
}
