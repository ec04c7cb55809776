/**
 * Chaincode events read from blocks built with the Fabric protobufs, as a
 * peer delivers them: only VALID transactions' events of the bond
 * chaincode, each with its block, transaction id and timestamp; reads end at
 * the height the channel had when they began.
 */
import { common, peer } from '@hyperledger/fabric-protos';
import { testBlock } from '../../fabric/test-blocks';
import type { Network } from '@hyperledger/fabric-gateway';
import { type BlockSource, blockEvents, channelBlockSource, readLedgerEvents } from './chain-events';

const TX = (n: number): string => n.toString(16).padStart(64, '0');
const AT = '2026-12-01T09:30:00.125Z';

/** Blocks 0..n-1 of the test, and the ranges a reader asked for. */
function source(blocks: common.Block[], height = BigInt(blocks.length)): BlockSource & { asked: [bigint, bigint][] } {
  const asked: [bigint, bigint][] = [];
  return {
    asked,
    height: () => Promise.resolve(height),
    async *blocks(from, to) {
      asked.push([from, to]);
      for (const block of blocks) {
        const number = BigInt(block.getHeader()?.getNumber() ?? 0);
        if (number >= from && number <= to) yield block;
      }
    },
  };
}

describe('chaincode events from blocks', () => {
  it('reads the event of each VALID transaction of the chaincode with its block, transaction id and timestamp', () => {
    const block = testBlock(7, [
      { id: TX(1), timestamp: AT, event: { name: 'TransferSettled', payload: { isin: 'CNX', units: '10' } } },
      { id: TX(2), timestamp: '2026-12-01T09:31:00.000Z', event: { name: 'Note', payload: 'not json' } },
    ]);
    expect(blockEvents(block, 'bond')).toEqual({
      blockNumber: 7n,
      transactionIds: [TX(1), TX(2)],
      timestamp: '2026-12-01T09:31:00.000Z',
      events: [
        { blockNumber: '7', transactionId: TX(1), timestamp: AT, eventName: 'TransferSettled', payload: { isin: 'CNX', units: '10' } },
        { blockNumber: '7', transactionId: TX(2), timestamp: '2026-12-01T09:31:00.000Z', eventName: 'Note', payload: 'not json' },
      ],
    });
  });

  it('leaves out invalid transactions (their events were never committed), other chaincodes, transactions without an event and config transactions', () => {
    const block = testBlock(3, [
      {
        id: TX(1),
        timestamp: AT,
        validationCode: peer.TxValidationCode.MVCC_READ_CONFLICT,
        event: { name: 'TransferSettled', payload: {} },
      },
      { id: TX(2), timestamp: AT, validationCode: peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE, event: { name: 'X', payload: {} } },
      { id: TX(3), timestamp: AT, chaincode: 'cash', event: { name: 'CashTransferred', payload: {} } },
      { id: TX(4), timestamp: AT },
      { id: TX(5), timestamp: AT, type: common.HeaderType.CONFIG },
      { id: TX(6), timestamp: AT, event: { name: 'HoldingFrozen', payload: { units: '5' } } },
    ]);
    const read = blockEvents(block, 'bond');
    expect(read.transactionIds).toEqual([1, 2, 3, 4, 5, 6].map(TX));
    expect(read.events.map((e) => [e.transactionId, e.eventName])).toEqual([[TX(6), 'HoldingFrozen']]);
  });

  it('counts an invalid envelope that does not decode, and refuses to read past a VALID one', () => {
    const broken = testBlock(1, [{ id: TX(1), timestamp: AT }]);
    const data = new common.BlockData();
    data.setDataList([Uint8Array.from([0xff, 0xff, 0xff])]);
    broken.setData(data);
    const metadata = new common.BlockMetadata();
    metadata.setMetadataList([new Uint8Array(), new Uint8Array(), Uint8Array.from([peer.TxValidationCode.BAD_PAYLOAD])]);
    broken.setMetadata(metadata);
    expect(blockEvents(broken, 'bond')).toEqual({ blockNumber: 1n, transactionIds: [''], events: [] });
    metadata.setMetadataList([new Uint8Array(), new Uint8Array(), Uint8Array.from([peer.TxValidationCode.VALID])]);
    expect(() => blockEvents(broken, 'bond')).toThrow();
  });

  it('reads from a block up to the height the channel had when the read began, never waiting for more', async () => {
    const blocks = [0, 1, 2, 3].map((n) =>
      testBlock(n, [{ id: TX(n + 1), timestamp: `2026-12-0${n + 1}T10:00:00.000Z`, event: { name: `E${n}`, payload: {} } }]),
    );
    const chain = source(blocks, 3n);
    const page = await readLedgerEvents(chain, 'bond', { fromBlock: 1n });
    expect(chain.asked).toEqual([[1n, 2n]]);
    expect(page.events.map((e) => e.eventName)).toEqual(['E1', 'E2']);
    expect([page.nextBlock, page.height, page.lastTimestamp]).toEqual([3n, 3n, '2026-12-03T10:00:00.000Z']);
    const atTheTop = await readLedgerEvents(chain, 'bond', { fromBlock: 3n });
    expect([atTheTop.events, atTheTop.nextBlock, atTheTop.lastTimestamp]).toEqual([[], 3n, undefined]);
  });

  it('with a limit, stops after the whole block in which the events reach it; nextBlock resumes after it', async () => {
    const blocks = [
      testBlock(0, [{ id: TX(1), timestamp: AT, event: { name: 'A', payload: {} } }]),
      testBlock(1, [
        { id: TX(2), timestamp: AT, event: { name: 'B', payload: {} } },
        { id: TX(3), timestamp: AT, event: { name: 'C', payload: {} } },
      ]),
      testBlock(2, [{ id: TX(4), timestamp: AT, event: { name: 'D', payload: {} } }]),
    ];
    const first = await readLedgerEvents(source(blocks), 'bond', { limit: 2 });
    expect([first.events.map((e) => e.eventName), first.nextBlock]).toEqual([['A', 'B', 'C'], 2n]);
    const rest = await readLedgerEvents(source(blocks), 'bond', { fromBlock: first.nextBlock, limit: 2 });
    expect([rest.events.map((e) => e.eventName), rest.nextBlock]).toEqual([['D'], 3n]);
  });
});

describe("a channel's blocks through the peer", () => {
  it('learns the height from qscc GetChainInfo and closes the deliver stream after the last block asked for (it would wait for more)', async () => {
    const info = new common.BlockchainInfo();
    info.setHeight(3);
    const calls: string[] = [];
    let closed = false;
    const network = {
      getName: () => 'bonds',
      getContract: (name: string) => ({
        evaluateTransaction: (fn: string, ...args: string[]) => {
          calls.push([name, fn, ...args].join(' '));
          return Promise.resolve(info.serializeBinary());
        },
      }),
      getBlockEvents: (options: { startBlock: bigint }) => {
        calls.push(`deliver from ${options.startBlock}`);
        // The deliver service goes on forever: blocks come as they are committed.
        async function* forever() {
          for (let n = Number(options.startBlock); ; n++) {
            yield testBlock(n, [{ id: TX(n + 1), timestamp: AT, event: { name: `E${n}`, payload: {} } }]);
            await Promise.resolve();
          }
        }
        const blocks = forever();
        return Promise.resolve(
          Object.assign(blocks, {
            close: () => {
              closed = true;
            },
          }),
        );
      },
    } as unknown as Network;
    const page = await readLedgerEvents(channelBlockSource(network), 'bond', { fromBlock: 1n });
    expect(page.events.map((e) => e.eventName)).toEqual(['E1', 'E2']);
    expect(calls).toEqual(['qscc GetChainInfo bonds', 'deliver from 1']);
    expect(closed).toBe(true);
  });
});
