/**
 * Canonical JSON: object keys sorted at every depth, no insignificant white
 * space, `undefined` members dropped. Every endorser must produce the same
 * bytes for the same state, so everything the chaincode stores, emits or
 * returns goes through here. Floats have no place in ledger data: a
 * non-integer or unsafe number is refused rather than silently rounded.
 *
 * The same rule as the bond chaincode's (chaincode/src/domain/canonical-json.ts),
 * kept as this package's own copy so the cash chaincode, deployed on its own
 * channel by another organisation, depends on nothing of the bond chaincode.
 */
export function canonicalJson(value: unknown): string {
  const text = encode(value);
  if (text === undefined) throw new TypeError('canonicalJson: value has no JSON form');
  return text;
}

function encode(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isSafeInteger(value)) throw new TypeError(`canonicalJson: ${value} is not a safe integer`);
      return JSON.stringify(value);
    case 'undefined':
      return undefined;
    case 'object':
      return Array.isArray(value) ? encodeArray(value) : encodeObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

function encodeArray(items: readonly unknown[]): string {
  return `[${items.map((item) => encode(item) ?? 'null').join(',')}]`;
}

function encodeObject(object: Record<string, unknown>): string {
  const members: string[] = [];
  for (const key of Object.keys(object).sort()) {
    const encoded = encode(object[key]);
    if (encoded !== undefined) members.push(`${JSON.stringify(key)}:${encoded}`);
  }
  return `{${members.join(',')}}`;
}
