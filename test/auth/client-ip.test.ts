import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { clientIp, ipSubject } from '../../src/http/client-ip.ts';
import { TEST_ENV } from '../helpers/context.ts';

async function ipFor(trustProxy: boolean, headers: Record<string, string>, socket?: string) {
  const config = loadConfig({ ...TEST_ENV, TRUST_PROXY: String(trustProxy) });
  const app = new Hono().get('/', (c) => c.text(clientIp(c, { config, clientAddress: () => socket })));
  const response = await app.request('/', { headers });
  return response.text();
}

describe('clientIp', () => {
  it('uses the socket address and ignores X-Forwarded-For without TRUST_PROXY', async () => {
    expect(await ipFor(false, { 'x-forwarded-for': '203.0.113.9' }, '192.0.2.1')).toBe('192.0.2.1');
    expect(await ipFor(false, {}, '::ffff:192.0.2.1')).toBe('::ffff:192.0.2.1');
  });

  it('uses the first X-Forwarded-For entry behind a trusted proxy', async () => {
    expect(await ipFor(true, { 'x-forwarded-for': ' 203.0.113.9 , 10.0.0.1' }, '10.0.0.2')).toBe('203.0.113.9');
    expect(await ipFor(true, { 'x-forwarded-for': '2001:db8::1' }, '10.0.0.2')).toBe('2001:db8::1');
  });

  it('falls back to the socket, then to "unknown", for what is not an address', async () => {
    expect(await ipFor(true, { 'x-forwarded-for': 'evil<script>' }, '10.0.0.2')).toBe('10.0.0.2');
    expect(await ipFor(true, { 'x-forwarded-for': 'x'.repeat(100) })).toBe('unknown');
    expect(await ipFor(false, {})).toBe('unknown');
  });
});

describe('ipSubject', () => {
  it('limits an IPv6 client by its /64 and a mapped IPv4 address as IPv4', () => {
    expect(ipSubject('192.0.2.1')).toBe('192.0.2.1');
    expect(ipSubject('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(ipSubject('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(ipSubject('2001:0db8:0000:0001:ffff:0:0:2')).toBe('2001:db8:0:1::/64');
    expect(ipSubject('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(ipSubject('::1')).toBe('0:0:0:0::/64');
    expect(ipSubject('unknown')).toBe('unknown');
  });
});
