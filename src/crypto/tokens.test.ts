import { describe, expect, it } from 'vitest';
import { type AccessClaims, TokenSigner } from './tokens.ts';

const claims = (overrides: Partial<AccessClaims> = {}): AccessClaims => ({
  sub: '00000000-0000-4000-8000-000000000001',
  iat: 1_000,
  exp: 2_000,
  jti: crypto.randomUUID(),
  ver: 0,
  ...overrides,
});

describe('TokenSigner.verify', () => {
  it('accepts a genuine token again and again, and not once it expired, checked or remembered', async () => {
    const signer = new TokenSigner('a-secret-long-enough-for-hs256-signing');
    const token = await signer.sign(claims());
    expect((await signer.verify(token, 1_500))?.exp).toBe(2_000);
    expect((await signer.verify(token, 1_999))?.exp).toBe(2_000);
    expect(await signer.verify(token, 2_000)).toBeUndefined();
  });

  it('rejects a changed token after the genuine one was accepted', async () => {
    const signer = new TokenSigner('a-secret-long-enough-for-hs256-signing');
    const token = await signer.sign(claims());
    expect(await signer.verify(token, 1_500)).toBeDefined();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const otherPayload = Buffer.from(JSON.stringify(claims({ sub: '00000000-0000-4000-8000-000000000002' }))).toString(
      'base64url',
    );
    expect(await signer.verify(`${header}.${otherPayload}.${signature}`, 1_500)).toBeUndefined();
    expect(await signer.verify(`${header}.${payload}.${signature.slice(0, -2)}AA`, 1_500)).toBeUndefined();
    expect(await signer.verify(token, 1_500)).toBeDefined();
  });

  it('does not accept a token of another signer that this one remembers nothing about', async () => {
    const ours = new TokenSigner('a-secret-long-enough-for-hs256-signing');
    const theirs = new TokenSigner('another-secret-long-enough-for-hs256');
    const token = await theirs.sign(claims());
    expect(await theirs.verify(token, 1_500)).toBeDefined();
    expect(await ours.verify(token, 1_500)).toBeUndefined();
  });

  it('keeps verifying correctly past the number of tokens it remembers', async () => {
    const signer = new TokenSigner('a-secret-long-enough-for-hs256-signing');
    const tokens = await Promise.all(Array.from({ length: 10_050 }, () => signer.sign(claims())));
    for (const token of tokens) expect(await signer.verify(token, 1_500)).toBeDefined();
    expect(await signer.verify(tokens[0] as string, 1_500)).toBeDefined();
    expect(await signer.verify(tokens[0] as string, 2_500)).toBeUndefined();
  });
});
