/**
 * Benchmarks: the reference rates a floating-rate note pays on, and their
 * fixings as the CSD or a benchmark administrator (a member holding the
 * BENCHMARK_ADMINISTRATOR role) publishes them on the ledger, one per rate
 * and date.
 * Rates are percentages per annum as decimal strings (at most six decimals).
 */
import type { ChangeStamp } from './membership';

/**
 * Reference rates of the China interbank market: the Loan Prime Rates
 * (1 and 5 years), 3-month SHIBOR, and the 7-day repo fixings FR007 (all
 * members) and DR007 (depository institutions).
 */
export const ReferenceRate = {
  LPR_1Y: 'LPR_1Y',
  LPR_5Y: 'LPR_5Y',
  SHIBOR_3M: 'SHIBOR_3M',
  FR007: 'FR007',
  DR007: 'DR007',
} as const;
export type ReferenceRate = (typeof ReferenceRate)[keyof typeof ReferenceRate];

/** A reference rate's fixing for a date, published once and never changed. */
export interface RateFixing {
  referenceRate: ReferenceRate;
  /** YYYY-MM-DD, not after the day it is published. */
  fixingDate: string;
  /** Percent per annum. */
  rate: string;
  /** Who published it (the CSD's or a benchmark administrator's MSP ID and signing identity), when, in which transaction. */
  published: ChangeStamp;
}

export const BenchmarkEvent = {
  FIXING_PUBLISHED: 'FixingPublished',
} as const;
