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
