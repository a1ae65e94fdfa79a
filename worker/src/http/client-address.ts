/**
 * Who is asking, for rate limits and sign-in throttles. On Workers Cloudflare sets CF-Connecting-IP and
 * a client cannot forge it. On Node the address is the socket's: headers the client sets are believed only
 * when the socket belongs to a proxy named in TRUST_PROXY (PRODUCT.md, "Node runtime client address").
 * Pure parsing without node: imports, so the same file runs in the Worker.
 */
import type { Context } from 'hono';
import type { AppConfig } from '../deps';

/** An IP network: the address bytes (4 for IPv4, 16 for IPv6) and how many leading bits must match. */
export interface IpNetwork {
  bytes: Uint8Array;
  prefix: number;
}

/** What the key of a request without a usable address is (every such request shares it). */
export const UNKNOWN_ADDRESS = 'unknown';

/** Longest value kept from a header we cannot parse, so a silly header cannot inflate the hashing. */
const MAX_RAW_LENGTH = 64;

/**
 * The client address of a request, as a canonical string. Workers: CF-Connecting-IP. Node: the socket's
 * peer, or, when that peer is a trusted proxy, the last address in X-Forwarded-For that is not one.
 */
export function clientAddress(c: Context, config: Pick<AppConfig, 'runtime' | 'trustProxy'>): string {
  const peer = socketAddress(c.env);
  if (peer !== undefined) {
    return fromSocket(peer, c.req.header('x-forwarded-for'), config.trustProxy ?? []);
  }
  // Only the Worker (and app.request in tests, which stands for it) has no socket; a Node server without
  // one is miswired, and must not fall back to a header any client can set.
  if (config.runtime === 'local') return UNKNOWN_ADDRESS;
  const cf = c.req.header('cf-connecting-ip')?.trim();
  if (!cf) return UNKNOWN_ADDRESS;
  const parsed = parseIp(cf);
  return parsed ? formatIp(parsed) : cf.slice(0, MAX_RAW_LENGTH);
}

/**
 * The key rate limits count by: an IPv4 address as it is, an IPv6 address by its /64 (one home or phone
 * usually gets a whole /64, so counting single addresses would let one client pose as millions).
 */
export function rateLimitKey(address: string): string {
  const bytes = parseIp(address);
  if (!bytes) return address.slice(0, MAX_RAW_LENGTH);
  if (bytes.length === 4) return formatIp(bytes);
  const network = new Uint8Array(16);
  network.set(bytes.subarray(0, 8));
  return `${formatIp(network)}/64`;
}

/**
 * Parses TRUST_PROXY: comma-separated addresses or CIDRs; `loopback` is 127.0.0.0/8 and ::1.
 * Throws on an entry it cannot read: a typo here must stop the server, not silently trust nobody.
 */
export function parseTrustProxy(value: string | undefined): IpNetwork[] {
  const networks: IpNetwork[] = [];
  for (const entry of (value ?? '').split(',').map((s) => s.trim())) {
    if (!entry) continue;
    if (entry.toLowerCase() === 'loopback') {
      networks.push(parseNetwork('127.0.0.0/8')!, parseNetwork('::1/128')!);
      continue;
    }
    const network = parseNetwork(entry);
    if (!network) throw new Error(`TRUST_PROXY: ${JSON.stringify(entry)} is not an IP address or CIDR`);
    networks.push(network);
  }
  return networks;
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a single address (all its bits). */
export function parseNetwork(text: string): IpNetwork | undefined {
  const slash = text.indexOf('/');
  const bytes = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!bytes) return undefined;
  if (slash < 0) return { bytes, prefix: bytes.length * 8 };
  const bits = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return undefined;
  // An IPv4-mapped IPv6 network (::ffff:10.0.0.0/104) is the IPv4 network it maps.
  const prefix = Number(bits) - (bytes.length === 4 && text.includes(':') ? 96 : 0);
  return prefix >= 0 && prefix <= bytes.length * 8 ? { bytes, prefix } : undefined;
}

/** True when the address lies in the network (an IPv4 address never lies in an IPv6 network, or back). */
export function inNetwork(address: Uint8Array, network: IpNetwork): boolean {
  if (address.length !== network.bytes.length) return false;
  const whole = network.prefix >> 3;
  for (let i = 0; i < whole; i++) if (address[i] !== network.bytes[i]) return false;
  const rest = network.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (address[whole]! & mask) === (network.bytes[whole]! & mask);
}

/**
 * An IPv4 address (4 bytes) or IPv6 address (16 bytes); IPv4-mapped IPv6 (`::ffff:1.2.3.4`, how a
 * dual-stack socket reports IPv4 peers) gives the IPv4 bytes. Tolerates a zone (`%eth0`), brackets and a
 * port, as some proxies write them in X-Forwarded-For. Undefined for anything else.
 */
export function parseIp(text: string): Uint8Array | undefined {
  let s = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(s)) s = s.slice(0, s.indexOf(':'));
  if (!s.includes(':')) return parseIpv4(s);
  const v6 = parseIpv6(s);
  if (v6 && v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff) return v6.slice(12);
  return v6;
}

/** Canonical text: dotted IPv4, or IPv6 in RFC 5952 form (lower case, the longest zero run as `::`). */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.len < 2) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

/** The socket's peer address from @hono/node-server's env (`c.env.incoming`); undefined on Workers. */
function socketAddress(env: unknown): string | undefined {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined)?.incoming;
  const address = incoming?.socket?.remoteAddress;
  return typeof address === 'string' ? address : undefined;
}

function fromSocket(peer: string, forwardedFor: string | undefined, trusted: readonly IpNetwork[]): string {
  const peerBytes = parseIp(peer);
  if (!peerBytes) return UNKNOWN_ADDRESS;
  const isTrusted = (a: Uint8Array) => trusted.some((n) => inNetwork(a, n));
  let client = peerBytes;
  if (!isTrusted(client) || !forwardedFor) return formatIp(client);
  // Each trusted proxy appends the address it saw; walk back from the nearest until one is not a proxy.
  // Anything further left was written by the client and proves nothing. An entry that does not parse
  // stops the walk at the last proxy: all such requests then share that proxy's key, never a forged one.
  const hops = forwardedFor.split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseIp(hops[i]!);
    if (!hop) break;
    client = hop;
    if (!isTrusted(hop)) break;
  }
  return formatIp(client);
}

function parseIpv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (const [i, p] of parts.entries()) {
    // No leading zeros: "010" means 8 to some parsers and 10 to others.
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    bytes[i] = Number(p);
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | undefined {
  let s = text.replace(/%[\w.-]+$/, '');
  // A trailing dotted IPv4 (::ffff:1.2.3.4) stands for the last two groups.
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) >= 0) {
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (!v4) return undefined;
    s = `${s.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const bytes = new Uint8Array(16);
  for (const [i, g] of groups.entries()) {
    if (!/^[\da-f]{1,4}$/i.test(g)) return undefined;
    const n = parseInt(g, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 0xff;
  }
  return bytes;
}
