import { describe, expect, it } from 'vitest';
import { allowsModelHost, contentSecurityPolicy, securityHeaders } from './content-policy';
import { InvalidHostError, hubLayoutSource } from './source';

describe('contentSecurityPolicy', () => {
  it('lets the app reach only itself, the Hub and its download hosts, and this computer', () => {
    const connect = /connect-src ([^;]+)/.exec(contentSecurityPolicy())![1]!.split(' ');
    expect(connect).toEqual([
      "'self'",
      'https://huggingface.co',
      'https://*.huggingface.co',
      'https://*.hf.co',
      'http://127.0.0.1:*',
      'http://localhost:*',
    ]);
  });
  it('adds the host the app was built with, as an origin', () => {
    expect(contentSecurityPolicy(['https://mirror.example.org/hub/'])).toContain(
      'http://localhost:* https://mirror.example.org;',
    );
  });
  it('keeps WASM, the workers and thumbnails working and forbids plugins', () => {
    const policy = contentSecurityPolicy();
    expect(policy).toContain("script-src 'self' blob: 'wasm-unsafe-eval'");
    expect(policy).toContain("worker-src 'self' blob:");
    expect(policy).toContain("img-src 'self' blob: data:");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain('unsafe-inline');
  });
});

describe('securityHeaders', () => {
  it('adds what only a header can say', () => {
    expect(securityHeaders()).toEqual({
      'Content-Security-Policy': `${contentSecurityPolicy()}; frame-ancestors 'none'`,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  });
});

describe('allowsModelHost', () => {
  it('admits the Hub, its download hosts and this computer on any port', () => {
    for (const host of [
      'https://huggingface.co/',
      'https://cdn-lfs.huggingface.co/',
      'https://cas-bridge.xethub.hf.co/',
      'http://127.0.0.1:4880/',
      'http://localhost/',
    ]) {
      expect(allowsModelHost(host), host).toBe(true);
    }
  });
  it('refuses other hosts, plain http to the Hub, and look-alikes', () => {
    for (const host of [
      'https://mirror.example.org/',
      'http://huggingface.co/',
      'https://huggingface.co.evil.example/',
      'https://evilhf.co/',
      'http://192.168.1.5:8080/',
    ]) {
      expect(allowsModelHost(host), host).toBe(false);
    }
  });
  it('admits the hosts the policy was built with', () => {
    expect(allowsModelHost('https://mirror.example.org/hub/', ['https://mirror.example.org/'])).toBe(true);
    expect(allowsModelHost('https://mirror.example.org/', ['not a host'])).toBe(false);
  });
});

describe('hubLayoutSource', () => {
  it('refuses a host the policy keeps out, saying how to allow it', () => {
    expect(() => hubLayoutSource('https://mirror.example.org')).toThrow(InvalidHostError);
    expect(() => hubLayoutSource('https://mirror.example.org')).toThrow(
      /To use mirror\.example\.org, build the app with VITE_MODEL_HOST=https:\/\/mirror\.example\.org\//,
    );
    expect(hubLayoutSource('https://mirror.example.org', ['https://mirror.example.org/']).host).toBe(
      'https://mirror.example.org/',
    );
  });
});
