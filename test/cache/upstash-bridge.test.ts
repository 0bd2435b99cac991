import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstashBridge, type UpstashBridge } from '../helpers/upstash-bridge.ts';
import { reachableRedisUrl } from './redis-url.ts';

const redisUrl = await reachableRedisUrl();
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** The Upstash REST protocol, spoken by hand: what @upstash/redis relies on. */
describe.skipIf(!redisUrl)('upstash bridge protocol', () => {
  let bridge: UpstashBridge;
  const key = (name: string) => `bridge:${crypto.randomUUID()}:${name}`;
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${bridge.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    bridge = await startUpstashBridge({ redisUrl: redisUrl as string, token: 'bridge-test-token' });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  it('refuses a missing or wrong bearer token with 401', async () => {
    const none = await fetch(bridge.url, { method: 'POST', body: '["PING"]' });
    expect(none.status).toBe(401);
    expect((await post('/', ['PING'], { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('answers one command with {result}, integers as numbers and nil as null', async () => {
    const k = key('single');
    expect(await post('/', ['SET', k, 'välue'])).toEqual({ status: 200, body: { result: 'OK' } });
    expect((await post('/', ['GET', k])).body).toEqual({ result: 'välue' });
    expect((await post('/', ['INCR', key('n')])).body).toEqual({ result: 1 });
    expect((await post('/', ['GET', key('missing')])).body).toEqual({ result: null });
    await post('/', ['DEL', k, key('n')]);
  });

  it('answers a failing command with a non-2xx {error}', async () => {
    const response = await post('/', ['NOSUCHCOMMAND', 'x']);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/unknown command/i);
    expect((await post('/', { not: 'an array' })).status).toBe(400);
  });

  it('encodes every string but OK as base64 with Upstash-Encoding: base64, nested arrays included', async () => {
    const k = key('b64');
    const encoded = { 'upstash-encoding': 'base64' };
    expect((await post('/', ['SET', k, 'ü'], encoded)).body).toEqual({ result: 'OK' });
    expect((await post('/', ['GET', k], encoded)).body).toEqual({ result: b64('ü') });
    const script = "return {1, 'a', {2, 'b'}, redis.call('GET', KEYS[1])}";
    expect((await post('/', ['EVAL', script, '1', k], encoded)).body).toEqual({
      result: [1, b64('a'), [2, b64('b')], b64('ü')],
    });
    expect((await post('/', ['PING'], encoded)).body).toEqual({ result: b64('PONG') });
    await post('/', ['DEL', k]);
  });

  it('runs /pipeline in order with an {error} entry for a failing command and 200 overall', async () => {
    const k = key('pipe');
    const response = await post('/pipeline', [
      ['SET', k, 'text'],
      ['INCR', k],
      ['GET', k],
      ['DEL', k],
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(4);
    expect(response.body[0]).toEqual({ result: 'OK' });
    expect(response.body[1].error).toMatch(/not an integer/);
    expect(response.body[2]).toEqual({ result: 'text' });
    expect(response.body[3]).toEqual({ result: 1 });
  });

  it('runs /multi-exec inside MULTI/EXEC: a command rejected while queueing discards them all', async () => {
    const k = key('multi');
    const ok = await post('/multi-exec', [
      ['SET', k, '1'],
      ['INCR', k],
      ['GET', k],
    ]);
    expect(ok).toEqual({ status: 200, body: [{ result: 'OK' }, { result: 2 }, { result: '2' }] });

    const aborted = await post('/multi-exec', [['SET', k, 'changed'], ['GET']]);
    expect(aborted.status).toBe(400);
    expect(JSON.stringify(aborted.body)).toMatch(/EXECABORT|wrong number of arguments/i);
    // Nothing of the discarded transaction ran (a plain pipeline would have run the SET).
    expect((await post('/', ['GET', k])).body).toEqual({ result: '2' });
    await post('/', ['DEL', k]);
  });
});
