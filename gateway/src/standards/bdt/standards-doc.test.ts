import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BDT_FIELDS } from './bdt-mapping';
import { EXAMPLE_DOCUMENT_PATH, exampleDocument, renderFieldTable, withStandardsTables } from './standards-doc';

const REPOSITORY = path.resolve(__dirname, '../../../..');

describe('docs/standards.md', () => {
  it('has the tables and the example written from the mapping module as it is now (npm run docs:standards)', () => {
    const markdown = readFileSync(path.join(REPOSITORY, 'docs/standards.md'), 'utf8');
    expect(markdown).toBe(withStandardsTables(markdown));
    expect(readFileSync(path.join(REPOSITORY, EXAMPLE_DOCUMENT_PATH), 'utf8')).toBe(exampleDocument());
  });

  it('lists every field of the field table once, with its ISO 20022 element where it has one', () => {
    const table = renderFieldTable();
    expect(table.split('\n').filter((line) => line.startsWith('| `'))).toHaveLength(BDT_FIELDS.length);
    expect(table).toContain(
      '| `Product/DayCountFraction` | dayCountFraction | sese.023.001.11 SctiesSttlmTxInstr/FinInstrmAttrbts/DayCntBsis/Cd |',
    );
    expect(table).toContain('| `ext:RecordDateOffset` | recordDateOffset |');
  });

  it('refuses a page that lost a generated section’s markers', () => {
    expect(() => withStandardsTables('# Standards\n')).toThrow('docs/standards.md has no <!-- bdt-fields');
  });
});
