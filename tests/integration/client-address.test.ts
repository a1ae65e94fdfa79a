import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../worker/src/deps';
import { clientAddress } from '../../worker/src/http/client-address';

// Finding 9 through a real @hono/node-server socket, as `npm start` serves (worker/src/node/main.ts):
// the address comes from the socket, and X-Forwarded-For counts only when TRUST_PROXY names the peer.

const servers: ServerType[] = [];
afterAll(async () => {
  for (const s of servers) await new Promise((resolve) => s.close(resolve));
});

/** Serves one route that answers with the client address it sees, configured from these env vars. */
async function serveWhoAmI(env: Record<string, string>, hostname: string): Promise<string> {
  const config = configFromEnv(env, 'local');
  const app = new Hono().get('/', (c) => c.text(clientAddress(c, config)));
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname }, (info: AddressInfo) => {
      resolve(`http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${info.port}/`);
    });
    servers.push(server);
  });
}

const spoofed = { 'X-Forwarded-For': '198.51.100.1', 'CF-Connecting-IP': '198.51.100.2', 'X-Real-IP': '198.51.100.3' };

describe('the client address on the Node server', () => {
  it('is the socket address, whatever forwarding headers the client sends', async () => {
    const url = await serveWhoAmI({}, '127.0.0.1');
    expect(await (await fetch(url, { headers: spoofed })).text()).toBe('127.0.0.1');
    expect(await (await fetch(url)).text()).toBe('127.0.0.1');
  });

  it('is the last untrusted X-Forwarded-For address when TRUST_PROXY names the peer', async () => {
    const url = await serveWhoAmI({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }, '127.0.0.1');
    const seen = async (xff: string) => (await fetch(url, { headers: { 'X-Forwarded-For': xff } })).text();
    expect(await seen('198.51.100.1, 203.0.113.9')).toBe('203.0.113.9');
    expect(await seen('198.51.100.1, 203.0.113.9, 10.1.2.3')).toBe('203.0.113.9');
  });

  it('does not believe X-Forwarded-For from a peer TRUST_PROXY does not name', async () => {
    const url = await serveWhoAmI({ TRUST_PROXY: '10.0.0.0/8' }, '127.0.0.1');
    expect(await (await fetch(url, { headers: spoofed })).text()).toBe('127.0.0.1');
  });
});
