import { buildWidget } from './build-widget';

/** Builds public/widget.js once before the browser tests: `npm test` on a fresh clone has no bundle yet. */
export default async function setup(): Promise<void> {
  await buildWidget();
}
