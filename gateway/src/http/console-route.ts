/**
 * The web console (the `@bond-platform/console` workspace, built into its
 * dist/) at /console/, for anyone to load: the page holds no data, and every
 * call it makes carries the user's API key like any other client's. Its
 * Content-Security-Policy allows nothing but this origin, so the console
 * can neither load nor send anything elsewhere.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The console's build output: the workspace package's dist/, wherever npm placed the package. */
export function consoleDist(): string {
  return path.join(path.dirname(require.resolve('@bond-platform/console/package.json')), 'dist');
}

export function mountConsole(app: Express, dir: string = consoleDist()): void {
  const index = path.join(dir, 'index.html');
  app.use('/console', (req, res, next) => {
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    // Its files load relative to /console/, so /console redirects there.
    if (req.originalUrl.split('?')[0] === '/console') {
      res.redirect(301, '/console/');
      return;
    }
    if (!existsSync(index)) {
      res.status(503).json({ error: { code: 'CONSOLE_NOT_BUILT', message: 'the console is not built: run npm run build' } });
      return;
    }
    if (req.path === '/') {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
      return;
    }
    next();
  });
  app.use('/console', express.static(dir, { index: false }));
}
