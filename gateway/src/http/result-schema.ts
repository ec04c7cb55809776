/** The JSON Schema of a chaincode result shape (ResultShape in operations.ts), for the document and the validators. */
import type { JsonSchema, ResultShape } from './operations';

const COMPONENTS = '#/components/schemas/';

/** The schema of a result: one API type, a list, or a page of them; `refBase` locates the types. */
export function resultSchema(shape: ResultShape, refBase = COMPONENTS): JsonSchema {
  const item = { $ref: `${refBase}${shape.type}` };
  if (shape.as === 'one') return item;
  const items = { type: 'array', items: item };
  if (shape.as === 'list') return items;
  return {
    type: 'object',
    required: ['records', 'bookmark', 'fetchedRecordsCount'],
    additionalProperties: false,
    properties: {
      records: items,
      bookmark: { type: 'string', description: 'cursor of the next page; empty on the last' },
      fetchedRecordsCount: { type: 'integer' },
    },
  };
}
