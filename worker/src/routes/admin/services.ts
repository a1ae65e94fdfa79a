import { Hono } from 'hono';
import type * as v from 'valibot';
import { allow } from '../../auth/guard';
import type { AppEnv } from '../../env';
import { fail } from '../../errors';
import type { Db } from '../../db/client';
import { refuse } from '../../domain/result';
import { anyObject, jsonBody, limitBody, schemaCheck } from '../../http/body';
import { failureResponse } from '../../http/failure';
import type { ServiceRow } from '../../db/repo/desk';
import { getService, insertService, listAllServices, updateService } from '../../db/repo/management';
import { modesOf, serviceSchema, type ServiceInput } from '../../validation/admin-management';
import { serviceTranslations } from '../../desk/service-texts';
import { TRANSLATED_LANGUAGES as TRANSLATED, type Language } from '../../domain/vocabulary';

const checkService = schemaCheck(serviceSchema);
type ServiceBody = v.InferInput<typeof serviceSchema>;

/**
 * /api/admin/services. Every role reads the list (reception and volunteers book into it, inactive ones
 * included so old bookings keep their names); only admin creates and edits.
 */
export const serviceRoutes = new Hono<AppEnv>()
  .get('/', allow('admin', 'reception', 'volunteer'), async (c) => {
    return c.json({ services: (await listAllServices(c.var.deps.db)).map(serviceJson) });
  })
  .post('/', allow('admin'), limitBody(), jsonBody<ServiceInput, ServiceBody>(checkService), async (c) => {
    const { deps } = c.var;
    const input = c.req.valid('json');
    const id = deps.ids.id();
    if (!(await isOtherService(deps.db, input.nextServiceId, id)))
      return failureResponse(c, refuse('invalid_input', { nextServiceId: 'field.service_unknown' }));
    const row: ServiceRow = { id, ...serviceColumns(input), createdAt: deps.clock.now() };
    await insertService(deps.db, row);
    return c.json({ service: serviceJson(row) }, 201);
  })
  .patch(
    '/:id',
    allow('admin'),
    limitBody(),
    jsonBody<Record<string, unknown>, Partial<ServiceBody>>(anyObject),
    async (c) => {
      const { deps } = c.var;
      const body = c.req.valid('json');
      const current = await getService(deps.db, c.req.param('id'));
      if (!current) return failureResponse(c, fail('not_found'));
      const base = serviceJson(current);
      // names and descriptions merge per language, so an edit may send only { names: { en } }.
      const merged = {
        ...base,
        ...body,
        names: mergeObject(base.names, body.names),
        descriptions: mergeObject(base.descriptions, body.descriptions),
      };
      const input = checkService(merged, c.get('lang'));
      if (!input.ok) return failureResponse(c, fail('invalid_input', input.fields));
      if (!(await isOtherService(deps.db, input.value.nextServiceId, current.id)))
        return failureResponse(c, refuse('invalid_input', { nextServiceId: 'field.service_unknown' }));
      const changes = serviceColumns(input.value);
      if (!(await updateService(deps.db, current.id, changes))) return failureResponse(c, fail('not_found'));
      return c.json({ service: serviceJson({ ...current, ...changes }) });
    },
  );

/** `patch` over `base` when both are plain objects; otherwise `patch` as sent (for the schema to judge). */
function mergeObject(base: Record<string, unknown>, patch: unknown): unknown {
  if (patch === undefined) return base;
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  return { ...base, ...patch };
}

/**
 * A path's next step names another service that exists (retired ones included: the path may be edited
 * later); a loop of two or more is allowed (a path may come back), a service followed by itself is not.
 */
async function isOtherService(db: Db, nextId: string | null, selfId: string): Promise<boolean> {
  if (nextId === null) return true;
  return nextId !== selfId && (await getService(db, nextId)) !== undefined;
}

function serviceColumns(input: ServiceInput): Omit<ServiceRow, 'id' | 'createdAt'> {
  return {
    nameIt: input.names.it,
    nameEn: input.names.en,
    descriptionIt: input.descriptions.it,
    descriptionEn: input.descriptions.en,
    translations: JSON.stringify(translationsOf(input)),
    durationMinutes: input.durationMinutes,
    allowsInPerson: input.modes.allowsInPerson,
    allowsRemote: input.modes.allowsRemote,
    active: input.active,
    sortOrder: input.sortOrder,
    nextServiceId: input.nextServiceId,
  };
}

/** The names and descriptions written beyond Italian and English, as the `translations` column holds them. */
function translationsOf(input: ServiceInput): Record<string, { name?: string; description?: string }> {
  const out: Record<string, { name?: string; description?: string }> = {};
  for (const lang of TRANSLATED) {
    const name = input.names[lang]?.trim();
    const description = input.descriptions[lang]?.trim();
    if (name || description) out[lang] = { ...(name ? { name } : {}), ...(description ? { description } : {}) };
  }
  return out;
}

type PerLanguage = Record<'it' | 'en', string> & Partial<Record<Language, string>>;

/**
 * A service as the staff API shows it (the public desk's shape plus active and sortOrder); the languages
 * beyond Italian and English appear only where the admin wrote them.
 */
function serviceJson(row: ServiceRow) {
  const extra = serviceTranslations(row);
  const names: PerLanguage = { it: row.nameIt, en: row.nameEn };
  const descriptions: PerLanguage = { it: row.descriptionIt, en: row.descriptionEn };
  for (const lang of TRANSLATED) {
    if (extra[lang]?.name) names[lang] = extra[lang].name;
    if (extra[lang]?.description) descriptions[lang] = extra[lang].description;
  }
  return {
    id: row.id,
    names,
    descriptions,
    durationMinutes: row.durationMinutes,
    modes: modesOf(row),
    active: row.active,
    sortOrder: row.sortOrder,
    nextServiceId: row.nextServiceId,
  };
}
