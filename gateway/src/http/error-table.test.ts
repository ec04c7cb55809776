import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { GATEWAY_STATUS, withErrorTable } from './error-table';

const SRC = path.resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return file.endsWith('.ts') && !file.endsWith('.test.ts') ? [file] : [];
  });
}

describe("the README's error table", () => {
  it('is the one written from the codes (npm run docs:errors)', () => {
    const readme = readFileSync(path.resolve(SRC, '../../README.md'), 'utf8');
    expect(readme).toBe(withErrorTable(readme));
  });

  it('gives each gateway code the status the code answers with wherever it is raised', () => {
    const raised = sourceFiles(SRC).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/new ApiError\(\s*([0-9]{3}),\s*'([A-Z_]+)'/g)].map(
        (m) => [m[2] ?? '', Number(m[1])] as const,
      ),
    );
    expect(raised.length).toBeGreaterThan(20);
    const wrong = raised.filter(
      ([code, status]) => code in GATEWAY_STATUS && GATEWAY_STATUS[code as keyof typeof GATEWAY_STATUS] !== status,
    );
    expect(wrong).toEqual([]);
  });
});
