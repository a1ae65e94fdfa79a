import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { allow } from '../../auth/guard';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import type { ServiceRow } from '../../db/repo/desk';
import { getService, insertService, listAllServices, updateService } from '../../db/repo/management';
import {
  MAX_MANAGEMENT_BODY_BYTES,
  modesOf,
  parseOrThrow,
  readJsonObject,
  serviceSchema,
  type ServiceInput,
} from '../../validation/admin-management';

const limit = bodyLimit({
  maxSize: MAX_MANAGEMENT_BODY_BYTES,
  onError: () => {
    throw new AppError('payload_too_large');
  },
});

/**
 * /api/admin/services. Every role reads the list (reception and volunteers book into it, inactive ones
 * included so old bookings keep their names); only admin creates and edits.
 */
export function serviceRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/', allow('admin', 'reception', 'volunteer'), async (c) => {
      return c.json({ services: (await listAllServices(db)).map(serviceJson) });
    })
    .post('/', allow('admin'), limit, async (c) => {
      const input = parseOrThrow(serviceSchema, await readJsonObject(c.req), c.get('lang'));
      const row: ServiceRow = { id: deps.ids.id(), ...serviceColumns(input), createdAt: deps.clock.now() };
      await insertService(db, row);
      return c.json({ service: serviceJson(row) }, 201);
    })
    .patch('/:id', allow('admin'), limit, async (c) => {
      const body = await readJsonObject(c.req);
      const current = await getService(db, c.req.param('id'));
      if (!current) throw new AppError('not_found');
      const base = serviceJson(current);
      // names and descriptions merge per language, so an edit may send only { names: { en } }.
      const merged = {
        ...base,
        ...body,
        names: mergeObject(base.names, body.names),
        descriptions: mergeObject(base.descriptions, body.descriptions),
      };
      const input = parseOrThrow(serviceSchema, merged, c.get('lang'));
      const changes = serviceColumns(input);
      if (!(await updateService(db, current.id, changes))) throw new AppError('not_found');
      return c.json({ service: serviceJson({ ...current, ...changes }) });
    });
}

/** `patch` over `base` when both are plain objects; otherwise `patch` as sent (for the schema to judge). */
function mergeObject(base: Record<string, unknown>, patch: unknown): unknown {
  if (patch === undefined) return base;
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  return { ...base, ...patch };
}

function serviceColumns(input: ServiceInput): Omit<ServiceRow, 'id' | 'createdAt'> {
  return {
    nameIt: input.names.it,
    nameEn: input.names.en,
    descriptionIt: input.descriptions.it,
    descriptionEn: input.descriptions.en,
    durationMinutes: input.durationMinutes,
    allowsInPerson: input.modes.allowsInPerson,
    allowsRemote: input.modes.allowsRemote,
    active: input.active,
    sortOrder: input.sortOrder,
  };
}

/** A service as the staff API shows it (the public desk's shape plus active and sortOrder). */
function serviceJson(row: ServiceRow) {
  return {
    id: row.id,
    names: { it: row.nameIt, en: row.nameEn },
    descriptions: { it: row.descriptionIt, en: row.descriptionEn },
    durationMinutes: row.durationMinutes,
    modes: modesOf(row),
    active: row.active,
    sortOrder: row.sortOrder,
  };
}
