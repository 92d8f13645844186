/** Pure request guards: token comparison, Host (DNS rebinding) and Origin checks. */
import { describe, expect, it } from 'vitest';
import { createToken, hostAllowed, originAllowed, presentedToken, tokenMatches } from './security';

describe('tokens', () => {
  it('creates 32 random bytes as hex', () => {
    const token = createToken();
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(createToken()).not.toBe(token);
  });

  it('matches only the exact token', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    for (const candidate of ['abd', 'ab', 'abcd', '', null, undefined]) {
      expect(tokenMatches('abc', candidate)).toBe(false);
    }
  });

  it('takes the bearer header first, then the query', () => {
    const url = new URL('http://x/api?token=from-query');
    expect(presentedToken({ authorization: 'Bearer from-header' }, url)).toBe('from-header');
    expect(presentedToken({ authorization: 'bearer  from-header ' }, url)).toBe('from-header');
    expect(presentedToken({}, url)).toBe('from-query');
    expect(presentedToken({ authorization: 'Basic abc' }, new URL('http://x/api'))).toBeNull();
  });
});

describe('hostAllowed', () => {
  const loopback = { boundHost: '127.0.0.1', port: 4000, tokenRequired: true };

  it('accepts the bound host and loopback names, with or without the port', () => {
    for (const host of ['127.0.0.1:4000', 'localhost:4000', 'LOCALHOST:4000', '[::1]:4000', 'localhost']) {
      expect(hostAllowed(loopback, host)).toBe(true);
    }
  });

  it('refuses other names, other ports and a missing header', () => {
    for (const host of [
      'evil.example',
      'evil.example:4000',
      'localhost:4001',
      '127.0.0.2:4000',
      '',
      undefined,
    ]) {
      expect(hostAllowed(loopback, host)).toBe(false);
    }
  });

  it('accepts a specific LAN address it is bound to', () => {
    expect(hostAllowed({ boundHost: '192.168.1.5', port: 80, tokenRequired: true }, '192.168.1.5:80')).toBe(
      true,
    );
    expect(hostAllowed({ boundHost: '::1', port: 80, tokenRequired: true }, '[::1]:80')).toBe(true);
  });

  it('accepts any name on a wildcard bind only when a token protects it', () => {
    expect(hostAllowed({ boundHost: '0.0.0.0', port: 80, tokenRequired: true }, 'gpu-box:80')).toBe(true);
    expect(hostAllowed({ boundHost: '0.0.0.0', port: 80, tokenRequired: false }, 'gpu-box:80')).toBe(false);
    expect(hostAllowed({ boundHost: '0.0.0.0', port: 80, tokenRequired: false }, 'localhost:80')).toBe(true);
  });
});

describe('originAllowed', () => {
  it('passes requests without Origin (non-browser clients)', () => {
    expect(originAllowed(undefined, '127.0.0.1:4000')).toBe(true);
  });

  it('accepts only the same host:port', () => {
    expect(originAllowed('http://127.0.0.1:4000', '127.0.0.1:4000')).toBe(true);
    expect(originAllowed('http://127.0.0.1:4001', '127.0.0.1:4000')).toBe(false);
    expect(originAllowed('http://evil.example', '127.0.0.1:4000')).toBe(false);
    expect(originAllowed('null', '127.0.0.1:4000')).toBe(false);
    expect(originAllowed('file://', '127.0.0.1:4000')).toBe(false);
    expect(originAllowed('http://127.0.0.1:4000', undefined)).toBe(false);
  });
});
