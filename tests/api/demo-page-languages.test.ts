/**
 * The demo page in each language the desk offers: `<html lang dir>` (right to left for Arabic), the widget
 * told the page's language, the services named in it, and links to the page (and so the widget) in every
 * offered language, each named in itself.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { renderDemoPage } from '../../worker/src/node/demo-page';
import { seedDemoData } from '../../worker/src/db/seed';
import { deskSettings } from '../../worker/src/db/schema';
import { LANGUAGE_ENDONYMS, LANGUAGES } from '../../worker/src/domain/vocabulary';
import { createTestDb } from '../fixtures/db';
import { fixedClock, testDeps } from '../fixtures/deps';

const NOW = Date.parse('2026-10-12T08:00:00Z');

async function seeded() {
  const { db } = await createTestDb();
  await seedDemoData(db, NOW);
  return { db, app: createApp(testDeps(db, { clock: fixedClock(NOW) })) };
}

describe('the demo page in seven languages', () => {
  it('in Arabic the page runs right to left, the widget speaks Arabic and the services have Arabic names', async () => {
    const { db, app } = await seeded();
    const html = await renderDemoPage(app, db, NOW, 'ar');
    expect(html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(html).toContain('<sportello-booking lang="ar">');
    expect(html).toContain('مراجعة السيرة الذاتية');
    const it = await renderDemoPage(app, db, NOW, 'it');
    expect(it).toMatch(/<html lang="it" dir="ltr">/);
    expect(it).toContain('Revisione CV');
    expect(it).not.toContain('مراجعة السيرة الذاتية');
  });

  it('links to the page in every language the desk offers, each named in itself, the current one marked', async () => {
    const { db, app } = await seeded();
    const html = await renderDemoPage(app, db, NOW, 'es');
    for (const l of LANGUAGES) {
      const link = new RegExp(
        `<a\\s+href="/\\?lang=${l}#prenota"\\s+lang="${l}"\\s+hreflang="${l}"\\s+dir="(ltr|rtl)"\\s+aria-current="(true|false)"\\s*>${LANGUAGE_ENDONYMS[l]}</a`,
      );
      const m = link.exec(html);
      expect(m, l).not.toBeNull();
      expect(m![1]).toBe(l === 'ar' ? 'rtl' : 'ltr');
      expect(m![2]).toBe(l === 'es' ? 'true' : 'false');
    }
    // A desk that offers fewer languages links only to those.
    await db.update(deskSettings).set({ languages: 'it,en,uk' });
    const fewer = await renderDemoPage(app, db, NOW, 'it');
    expect(fewer).toContain('hreflang="uk"');
    expect(fewer).not.toContain('hreflang="ar"');
  });
});
