/**
 * Twilio's request signature (X-Twilio-Signature): Base64 of HMAC-SHA1, keyed with the Auth Token, over
 * the full URL Twilio requested followed by every POST parameter as name + value, sorted by name.
 * WebCrypto only, so it runs the same in the Worker, on Node and in the tests' fake Twilio.
 */

const encoder = new TextEncoder();

/** The string Twilio signs: the URL, then each parameter's name and value, names sorted, values of a repeated name sorted. */
export function twilioSignedPayload(url: string, params: URLSearchParams | Record<string, string>): string {
  const grouped = new Map<string, string[]>();
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [k, v] of entries) grouped.set(k, [...(grouped.get(k) ?? []), v]);
  let out = url;
  for (const key of [...grouped.keys()].sort()) {
    for (const value of [...new Set(grouped.get(key))].sort()) out += key + value;
  }
  return out;
}

/** X-Twilio-Signature for `url` and `params` under `authToken`. */
export async function twilioSignature(
  authToken: string,
  url: string,
  params: URLSearchParams | Record<string, string>,
): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(authToken), { name: 'HMAC', hash: 'SHA-1' }, false, [
    'sign',
  ]);
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(twilioSignedPayload(url, params)));
  let bin = '';
  for (const b of new Uint8Array(mac)) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Equal strings compared in time that does not depend on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/**
 * The URL as given plus the same URL with the scheme's default port added or removed: Twilio signs
 * whichever form its edge used, and is not consistent about it.
 */
export function portVariants(url: string): string[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [url];
  }
  const defaultPort = u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '';
  if (!defaultPort) return [url];
  const rest = url.slice(url.indexOf('//') + 2);
  const slash = rest.search(/[/?#]/);
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const tail = slash === -1 ? '' : rest.slice(slash);
  const scheme = url.slice(0, url.indexOf('//') + 2);
  const host = authority.replace(/:\d+$/, '');
  const explicit = /:\d+$/.test(authority) ? authority.slice(authority.lastIndexOf(':') + 1) : '';
  if (explicit && explicit !== defaultPort) return [url];
  const withPort = `${scheme}${host}:${defaultPort}${tail}`;
  const withoutPort = `${scheme}${host}${tail}`;
  return explicit ? [url, withoutPort] : [url, withPort];
}

/** True when `signature` matches `params` posted to `url` (or its default-port variant). */
export async function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: URLSearchParams,
  signature: string | undefined,
): Promise<boolean> {
  if (!signature || !authToken) return false;
  let ok = false;
  // Check every variant (no early exit) so timing does not tell which form matched.
  for (const candidate of portVariants(url)) {
    if (constantTimeEqual(await twilioSignature(authToken, candidate, params), signature)) ok = true;
  }
  return ok;
}
