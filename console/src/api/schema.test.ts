import { execFileSync } from 'node:child_process';
import path from 'node:path';

describe('schema.d.ts', () => {
  it('is what the gateway’s OpenAPI document says now (else: npm run build && npm run api:types -w console)', () => {
    // Exits non-zero if the committed types no longer match the built gateway's document.
    execFileSync('node', [path.resolve(__dirname, '../../scripts/generate-api-types.js'), '--check'], { stdio: 'pipe' });
  });
});
