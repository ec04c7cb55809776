/**
 * The console's hash routes (`#/members/BankMSP`): the static server needs
 * no fallback, and a route names the screen and at most one record.
 */
import type { Screen } from './permissions';

export interface Route {
  screen: Screen;
  /** The record of a detail page (mspId, application id, ISIN), if any. */
  id?: string;
}

const SCREENS: readonly Screen[] = [
  'members',
  'applications',
  'bonds',
  'holdings',
  'transfers',
  'payments',
  'settlements',
  'scheduler',
  'users',
  'events',
  'verify',
];

/** The route of a location hash, or undefined for an unknown one (the shell then shows the caller's first screen). */
export function parseRoute(hash: string): Route | undefined {
  const [screen, id, ...rest] = hash.replace(/^#\/?/, '').split('/');
  if (rest.length > 0 || !SCREENS.includes(screen as Screen)) return undefined;
  if (id === undefined || id === '') return { screen: screen as Screen };
  try {
    return { screen: screen as Screen, id: decodeURIComponent(id) };
  } catch {
    return undefined;
  }
}

/** The hash of a route. */
export function href(screen: Screen, id?: string): string {
  return id === undefined ? `#/${screen}` : `#/${screen}/${encodeURIComponent(id)}`;
}
