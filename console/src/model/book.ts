/**
 * A bond's book as the chaincode opens it. A bond applied for before its
 * terms recorded bookType has none: its book type is then the one the terms
 * imply (chaincode domain/bond-terms.ts requireBookType): a TENDER for a
 * FIXED-interest bond without an interest rate (the tender discovers it),
 * else FIXED_PRICE. Books:OpenBook refuses the other.
 */
import type { components } from '../api/schema';

type Schemas = components['schemas'];

export function bookTypeOf(terms: Pick<Schemas['Bond']['terms'], 'bookType' | 'interestType' | 'interestRate'>): Schemas['BookType'] {
  if (terms.bookType !== undefined) return terms.bookType;
  return terms.interestType === 'FIXED' && terms.interestRate === undefined ? 'TENDER' : 'FIXED_PRICE';
}
