/**
 * The generated parts of docs/standards.md, written from the mapping module
 * itself: the field table (BDT element ↔ platform term ↔ ISO 20022 element),
 * the enumerations both ways, the extension's elements (from its schema) and
 * the example document; and the example document's file,
 * docs/examples/bdt-cn-interbank-bond.json. `npm run docs:standards` writes
 * them; a unit test fails while the committed files differ.
 */
import { bdtFromTerms, BDT_FIELDS, ENUMERATIONS } from './bdt-mapping';
import { CN_INTERBANK_BOND, DIRECTORY, ISSUER, PLATFORM } from './bdt-examples';
import { CN_INTERBANK_EXTENSION_SCHEMA } from './bdt-schema';
import { CN_INTERBANK_EXTENSION } from './cn-interbank-extension';

/** Where the example document is committed, from the repository root. */
export const EXAMPLE_DOCUMENT_PATH = 'docs/examples/bdt-cn-interbank-bond.json';

const cell = (text: string | undefined): string => (text === undefined || text === '' ? '—' : text.replaceAll('|', '\\|'));
const code = (text: string): string => `\`${text}\``;
/** The extension's paths, shortened in the tables to `ext:` + the element. */
const shortPath = (path: string): string => path.replace(`Extensions/${CN_INTERBANK_EXTENSION}/`, 'ext:');

/** The example document: the China interbank bond's terms as the platform exports them. */
export function exampleDocument(): string {
  return `${JSON.stringify(bdtFromTerms(CN_INTERBANK_BOND, { issuer: ISSUER, directory: DIRECTORY, platform: PLATFORM }), null, 2)}\n`;
}

export function renderFieldTable(): string {
  const rows = BDT_FIELDS.map(
    (field) =>
      `| ${code(shortPath(field.bdt))} | ${field.kind === 'term' ? cell(field.term) : `derived: ${cell(field.term)}`} | ${cell(field.iso20022)} | ${cell(field.rule)} |`,
  );
  return ['| BDT element | Platform term | ISO 20022 element | Rule |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}

export function renderEnumerations(): string {
  return (
    ENUMERATIONS.map((mapping) => {
      const lacking = mapping.bdtValues.filter((value) => !mapping.values.some((v) => v.bdt === value));
      const rows = mapping.values.map(
        (v) =>
          `| ${code(v.platform)} | ${v.bdt === undefined ? `${code(v.platform)} in ${code(shortPath(mapping.extension ?? ''))}` : code(v.bdt)} | ${cell(v.iso20022 && code(v.iso20022))} |`,
      );
      return [
        `**${mapping.name}** (${code(shortPath(mapping.bdt))}${mapping.iso20022 ? `; ISO 20022: ${mapping.iso20022}` : ''})`,
        '',
        '| Platform | BDT | ISO 20022 |',
        '|---|---|---|',
        ...rows,
        ...(lacking.length > 0 ? ['', `Not supported (BDT_UNSUPPORTED_FIELDS): ${lacking.map(code).join(', ')}.`] : []),
      ].join('\n');
    }).join('\n\n') + '\n'
  );
}

interface SchemaNode {
  type?: string;
  description?: string;
  enum?: string[];
  pattern?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  required?: string[];
  minimum?: number;
  maximum?: number;
}

/** What values a schema leaf takes: its enumeration, its integer range, or its type and pattern. */
function valuesOf(node: SchemaNode): string {
  if (node.enum) return node.enum.map(code).join(', ');
  if (node.type === 'integer') return `integer ${String(node.minimum ?? '')}…${String(node.maximum ?? '')}`;
  return `${node.type ?? 'value'}${node.pattern ? ` ${code(node.pattern)}` : ''}`;
}

/** The extension's elements, from its schema: path, what values, what it is. */
export function renderExtensionElements(): string {
  const rows: string[] = [];
  const walk = (node: SchemaNode, path: string, required: boolean): void => {
    const object = node.type === 'array' ? node.items : node;
    if (!object?.properties) {
      rows.push(`| ${code(path)}${required ? ' (required with its parent)' : ''} | ${cell(valuesOf(node))} | ${cell(node.description)} |`);
      return;
    }
    const requiredChildren = new Set(object.required ?? []);
    const prefix = path === '' ? '' : `${path}${node.type === 'array' ? '[]' : ''}/`;
    for (const [name, child] of Object.entries(object.properties)) walk(child, `${prefix}${name}`, requiredChildren.has(name));
  };
  walk(CN_INTERBANK_EXTENSION_SCHEMA, '', false);
  return ['| Element | Values | What it is |', '|---|---|---|', ...rows].join('\n') + '\n';
}

/** The generated sections of docs/standards.md, each between its markers. */
export const SECTIONS: Readonly<Record<string, () => string>> = {
  'bdt-fields': renderFieldTable,
  'bdt-enumerations': renderEnumerations,
  'bdt-extension': renderExtensionElements,
  'bdt-example': () => `\`\`\`json\n${exampleDocument()}\`\`\`\n`,
};

const markers = (name: string) => ({ start: `<!-- ${name}: written by npm run docs:standards -->`, end: `<!-- /${name} -->` });

/** `markdown` with every generated section replaced by the current one. */
export function withStandardsTables(markdown: string): string {
  let text = markdown;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const { start, end } = markers(name);
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`docs/standards.md has no ${start} … ${end} section`);
    text = `${text.slice(0, from + start.length)}\n${render()}${text.slice(to)}`;
  }
  return text;
}
