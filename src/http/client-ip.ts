import type { Context } from 'hono';
import type { Deps } from '../deps.ts';

// Long or odd values are not an address: they would only let a client mint endless rate-limit keys.
const ADDRESS = /^[0-9A-Fa-f:.]{2,45}$/;

/**
 * The client's IP for rate limits: the socket's peer address, or, behind a trusted proxy
 * (`TRUST_PROXY=true`), the first `X-Forwarded-For` entry. Without either it is 'unknown', so every
 * such client shares one budget rather than none.
 */
export function clientIp(c: Context, deps: Pick<Deps, 'config' | 'clientAddress'>): string {
  if (deps.config.trustProxy) {
    const first = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (first && ADDRESS.test(first)) return first;
  }
  let address: string | undefined;
  try {
    address = deps.clientAddress?.(c);
  } catch {
    address = undefined;
  }
  return address && ADDRESS.test(address) ? address : 'unknown';
}

/**
 * The rate-limit subject for an address: an IPv6 client usually holds a whole /64, so it is limited as
 * one; an IPv4-mapped IPv6 address counts as its IPv4 address.
 */
export function ipSubject(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, '') || '0')
    .join(':')}::/64`;
}
