import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CashErrorCode } from '@bond-platform/cash-chaincode/api';
import { ErrorCode } from '@bond-platform/chaincode/api';
import { CASH_CHAINCODE_STATUS, CHAINCODE_STATUS } from './errors';
import { GATEWAY_STATUS, renderErrorTable, withErrorTable } from './error-table';

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

describe("the cash ledger's refusal codes", () => {
  it('each answer a status, listed in the table', () => {
    const table = renderErrorTable();
    for (const code of Object.values(CashErrorCode)) {
      expect([code, CASH_CHAINCODE_STATUS[code]]).toEqual([code, expect.any(Number)]);
      expect(table).toContain(`\`${code}\``);
    }
  });

  it('answer the same status as the bond chaincode where both have the code (it means the same on both ledgers)', () => {
    const shared = Object.values(CashErrorCode).filter((code) => Object.hasOwn(ErrorCode, code));
    expect(shared.length).toBeGreaterThan(5);
    const differing = shared.filter((code) => CASH_CHAINCODE_STATUS[code] !== CHAINCODE_STATUS[code as ErrorCode]);
    expect(differing).toEqual([]);
  });
});
