/**
 * Benchmarks: the reference rate fixings floating-rate notes pay on. The
 * CSD, or a member it gave the BENCHMARK_ADMINISTRATOR role, publishes each
 * fixing once per rate and date, on or after that date
 * (domain/floating-rate.ts; who may is the access table's rule); every
 * member reads them.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { BenchmarkEvent, ChaincodeError, ErrorCode, type RateFixing } from '../api';
import { canonicalJson } from '../domain/canonical-json';
import { dateOf, requireDate } from '../domain/dates';
import { parseFixing, requireReferenceRate } from '../domain/floating-rate';
import { BondContext } from '../ledger/context';
import { fixingKey } from '../ledger/fixings-store';
import { GuardedContract } from '../ledger/guarded-contract';
import { KeyType } from '../ledger/keys';
import { changeStamp, pageOfRecords, parsePageSize, readRecord, recordAndAnnounce, requireRecord } from '../ledger/state';

@Info({ title: 'Benchmarks', description: 'Reference rate fixings for floating-rate notes' })
export class BenchmarkContract extends GuardedContract {
  constructor() {
    super('Benchmarks');
  }

  /** The CSD or a benchmark administrator publishes a reference rate's fixing for a date, once; a second publication is refused. The fixing records the publisher (`published.mspId`). */
  @Transaction()
  @Returns('string')
  async PublishFixing(ctx: BondContext, referenceRate: string, fixingDate: string, rate: string): Promise<string> {
    const parsed = parseFixing({ referenceRate, fixingDate, rate }, dateOf(ctx.stub.getDateTimestamp()));
    const fixingRecordKey = fixingKey(ctx, parsed.referenceRate, parsed.fixingDate);
    const existing = await readRecord<RateFixing>(ctx.stub, fixingRecordKey);
    if (existing) {
      throw new ChaincodeError(
        ErrorCode.ALREADY_EXISTS,
        `the ${parsed.referenceRate} fixing of ${parsed.fixingDate} is published already (${existing.rate})`,
      );
    }
    const fixing: RateFixing = { ...parsed, published: changeStamp(ctx) };
    return recordAndAnnounce(ctx.stub, fixingRecordKey, fixing, BenchmarkEvent.FIXING_PUBLISHED);
  }

  @Transaction(false)
  @Returns('string')
  async GetFixing(ctx: BondContext, referenceRate: string, fixingDate: string): Promise<string> {
    const rate = requireReferenceRate(referenceRate);
    const date = requireDate(fixingDate, 'fixingDate');
    return canonicalJson(await requireRecord<RateFixing>(ctx.stub, fixingKey(ctx, rate, date), `the ${rate} fixing of ${date}`));
  }

  /** A reference rate's fixings, oldest first, a page at a time. */
  @Transaction(false)
  @Returns('string')
  async ListFixings(ctx: BondContext, referenceRate: string, pageSize: string, bookmark: string): Promise<string> {
    const rate = requireReferenceRate(referenceRate);
    return canonicalJson(await pageOfRecords<RateFixing>(ctx.stub, KeyType.RATE_FIXING, [rate], parsePageSize(pageSize), bookmark));
  }
}
