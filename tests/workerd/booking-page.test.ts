import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { SEED } from './seed-ids';
import { cspDirectives as directives } from '../fixtures/csp';

// The production runtime: /prenota is answered by the Worker (wrangler.toml run_worker_first), with its CSP,
// and the manage page of a cancelled booking leads there.

describe('the booking page in workerd', () => {
  it('serves /prenota with the widget, the desk phone as a tel: link and a strict CSP', async () => {
    const res = await SELF.fetch('http://x/prenota?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    const html = await res.text();
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('<script type="module" src="/widget.js"></script>');
    expect(html).toContain('<sportello-booking lang="en" phone="+39 06 1234 5678">');
    expect(html).toContain('<a href="tel:+390612345678">+39 06 1234 5678</a>');
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('style-src')).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('links it from the manage page of a cancelled booking', async () => {
    const res = await SELF.fetch(`http://x/m/${SEED.cancelledManageCode}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<a class="button" href="/prenota?lang=it">Prenota un altro appuntamento</a>');
    expect(html).toContain('href="tel:+390612345678"');
  });
});
