/**
 * Reading a channel's committed blocks as one of its members: the height
 * (qscc GetChainInfo: blocks 0..height-1 are committed) and a range of
 * blocks through the peer's deliver service, which ends at the last block
 * asked for instead of waiting for blocks to come.
 */
import type { Network } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { blockNumberOf } from './block-decoding';

/** The channel's height: the number of blocks committed (blocks 0..height-1). */
export async function channelHeight(network: Network): Promise<bigint> {
  const bytes = await network.getContract('qscc').evaluateTransaction('GetChainInfo', network.getName());
  return BigInt(common.BlockchainInfo.deserializeBinary(bytes).getHeight());
}

/**
 * Blocks from..to (inclusive) in order, from the peer's deliver service. The
 * stream is closed once block `to` is read, or when the caller stops early.
 * `to` must be committed (below the height), or the iteration waits for it.
 */
export async function* committedBlocks(network: Network, from: bigint, to: bigint): AsyncGenerator<common.Block> {
  if (to < from) return;
  const blocks = await network.getBlockEvents({ startBlock: from });
  try {
    for await (const block of blocks) {
      yield block;
      if (BigInt(blockNumberOf(block)) >= to) return;
    }
  } finally {
    blocks.close();
  }
}
