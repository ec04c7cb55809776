/**
 * The infrastructure routes anyone may call, without an API key: health and
 * readiness, Prometheus metrics, the OpenAPI document and Swagger UI at
 * /docs, and the web console at /console/ (console-route.ts). They are not API routes: they are served apart from the route
 * registry (operations.ts), before authentication, and the document does
 * not list them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { absolutePath as swaggerUiPath } from 'swagger-ui-dist';
import type { ReadinessReport } from '../fabric/readiness';
import { mountConsole } from './console-route';
import type { Metrics } from './metrics';

export interface PublicRouteDeps {
  /** The last readiness check (fabric/readiness.ts); /readyz answers it, 200 only when ready. */
  readiness: () => ReadinessReport;
  metrics: Metrics;
  /** The OpenAPI document served at /openapi.json. */
  document: unknown;
}

export function mountPublicRoutes(app: Express, deps: PublicRouteDeps): void {
  const { readiness, metrics, document } = deps;
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const report = readiness();
    res.status(report.status === 'ready' ? 200 : 503).json(report);
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.get('/docs/swagger-initializer.js', (_req, res) => {
    res
      .type('application/javascript')
      .send("window.onload = () => { window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui' }); };\n");
  });
  // Swagger UI's page loads its files relative to /docs/, so /docs redirects there.
  const docsPage = readFileSync(path.join(swaggerUiPath(), 'index.html'), 'utf8');
  app.get('/docs', (req, res) => {
    if (req.originalUrl.split('?')[0]?.endsWith('/')) res.type('html').send(docsPage);
    else res.redirect(301, '/docs/');
  });
  app.use('/docs', express.static(swaggerUiPath(), { index: false }));
  mountConsole(app);
}
