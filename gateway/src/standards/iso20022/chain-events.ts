/**
 * The bond chaincode's committed events, read from the channel's blocks (the
 * ledger, never gateway state): the event of each VALID transaction, with
 * its block, transaction id and the transaction's timestamp, in ledger
 * order. A read ends at the channel's height as it was when the read began:
 * a page of the feed is a bounded request, not a stream.
 */
import type { Network } from '@hyperledger/fabric-gateway';
import { type common, peer } from '@hyperledger/fabric-protos';
import {
  blockNumberOf,
  decodeEnvelope,
  endorsedActions,
  envelopesOf,
  isEndorserTransaction,
  transactionTimestamp,
} from '../../fabric/block-decoding';
import { channelHeight, committedBlocks } from '../../fabric/block-reader';
import type { LedgerEvent } from './message';

/** Where committed blocks come from: a channel as one member reads it, or blocks built in a test. */
export interface BlockSource {
  /** The number of committed blocks: blocks 0..height-1 can be read. */
  height(): Promise<bigint>;
  /** Blocks from..to (inclusive, committed), in order. */
  blocks(from: bigint, to: bigint): AsyncIterable<common.Block>;
}

/** The channel's blocks as the network's identity reads them: height by qscc, blocks by the peer's deliver service. */
export function channelBlockSource(network: Network): BlockSource {
  return { height: () => channelHeight(network), blocks: (from, to) => committedBlocks(network, from, to) };
}

/** What one block holds for the feed and the statements. */
export interface BlockEvents {
  blockNumber: bigint;
  /** The id of every transaction of the block in order, whatever its validation code ('' where it has none). */
  transactionIds: string[];
  /** The chaincode's events of the block's VALID transactions, in order. */
  events: LedgerEvent[];
  /** The timestamp of the block's last transaction, ISO-8601 UTC (undefined for a block without a decodable one). */
  timestamp?: string;
}

const decoder = new TextDecoder();

/** An event payload: JSON as the chaincode writes it, or the text if it is not JSON. */
function eventPayload(bytes: Uint8Array): unknown {
  const text = decoder.decode(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The events `chaincode` set in a block's VALID endorser transactions (one
 * per transaction, as Fabric keeps only the last one set), with each
 * transaction's id and timestamp. An invalid transaction (an MVCC conflict,
 * a failed endorsement policy) wrote nothing and its event is not committed.
 */
export function blockEvents(block: common.Block, chaincode: string): BlockEvents {
  const blockNumber = blockNumberOf(block);
  const result: BlockEvents = { blockNumber: BigInt(blockNumber), transactionIds: [], events: [] };
  for (const envelope of envelopesOf(block)) {
    let decoded: ReturnType<typeof decodeEnvelope>;
    try {
      decoded = decodeEnvelope(envelope.bytes);
    } catch (error) {
      // The peers validated a VALID transaction, so it decodes; an invalid one that does not is only counted.
      if (envelope.validationCode === peer.TxValidationCode.VALID) throw error;
      result.transactionIds.push('');
      continue;
    }
    const { payload, channelHeader } = decoded;
    const transactionId = channelHeader.getTxId();
    const timestamp = transactionTimestamp(channelHeader);
    result.transactionIds.push(transactionId);
    result.timestamp = timestamp;
    if (envelope.validationCode !== peer.TxValidationCode.VALID || !isEndorserTransaction(channelHeader)) continue;
    for (const { chaincodeAction } of endorsedActions(payload)) {
      const bytes = chaincodeAction.getEvents_asU8();
      if (bytes.length === 0) continue;
      const event = peer.ChaincodeEvent.deserializeBinary(bytes);
      if (event.getChaincodeId() !== chaincode || event.getEventName() === '') continue;
      result.events.push({
        blockNumber: String(blockNumber),
        transactionId,
        timestamp,
        eventName: event.getEventName(),
        payload: eventPayload(event.getPayload_asU8()),
      });
    }
  }
  return result;
}

/** The chaincode's events block by block, from block `from` to block `to` (inclusive, committed). */
export async function* readBlockEvents(source: BlockSource, chaincode: string, from: bigint, to: bigint): AsyncGenerator<BlockEvents> {
  for await (const block of source.blocks(from, to)) yield blockEvents(block, chaincode);
}

/** Events read from a range of blocks, and where to go on. */
export interface LedgerEventPage {
  events: LedgerEvent[];
  /** The block to read from next (the last block read + 1): the checkpoint. */
  nextBlock: bigint;
  /** The channel's height when the read began: the read went no further. */
  height: bigint;
  /** The timestamp of the last block read (its last transaction's), if any block was read. */
  lastTimestamp?: string;
}

export interface ReadOptions {
  /** The first block to read (default 0). */
  fromBlock?: bigint;
  /** Stop after the block in which the events read reach this many (whole blocks are read; default: no limit). */
  limit?: number;
}

/**
 * The chaincode's committed events from `fromBlock` up to the channel's
 * current height, in ledger order, or fewer blocks once `limit` events are
 * read; `nextBlock` resumes after the last block read.
 */
export async function readLedgerEvents(source: BlockSource, chaincode: string, options: ReadOptions = {}): Promise<LedgerEventPage> {
  const from = options.fromBlock ?? 0n;
  const height = await source.height();
  const page: LedgerEventPage = { events: [], nextBlock: from, height };
  for await (const block of readBlockEvents(source, chaincode, from, height - 1n)) {
    page.events.push(...block.events);
    page.nextBlock = block.blockNumber + 1n;
    if (block.timestamp !== undefined) page.lastTimestamp = block.timestamp;
    if (options.limit !== undefined && page.events.length >= options.limit) break;
  }
  return page;
}
