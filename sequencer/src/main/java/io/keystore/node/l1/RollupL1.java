package io.keystore.node.l1;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The node's L1 boundary: the rollup contract's reads, L1's blocks and time, and the sequencer's
 * submitBatch transactions (simulated, signed, sent and followed by their receipts). {@link
 * Web3jRollupL1} talks JSON-RPC; tests may put a fake behind it.
 */
public interface RollupL1 {

  long chainId();

  String rollupAddress();

  /** The rollup's EIP-712 domain separator. */
  Bytes32 domainSeparator() throws Exception;

  Bytes32 latestRoot() throws Exception;

  /** Where and when {@code root} was recorded (not recorded: {@code l1Block} 0). */
  RootInfo rootInfo(Bytes32 root) throws Exception;

  /** The queue index of the oldest forced transaction not yet in a batch on L1. */
  long forceHead() throws Exception;

  /** The ForceQueued events of blocks {@code from..to}, in queue order. */
  List<QueuedForcedTx> forceQueued(long from, long to) throws IOException;

  long blockNumber() throws IOException;

  /** The latest block's timestamp, in seconds. */
  long latestBlockTime() throws IOException;

  /** The sequencer's next nonce, pending transactions counted. */
  long pendingNonce() throws IOException;

  BigInteger gasPrice() throws IOException;

  /**
   * Simulates the sequencer's submission (submitBatch or submitAggregated) at the latest block
   * ({@code eth_call}; costs nothing): empty if it would succeed, else its revert. An error of the
   * L1 node itself (not a revert) is an {@link IOException}.
   */
  Optional<Revert> simulate(Submission submission) throws IOException;

  /** The sequencer's submission, signed with {@code nonce} and {@code gasPrice}. */
  Signed sign(Submission submission, long nonce, BigInteger gasPrice);

  /**
   * Broadcasts: the L1 node's refusal, if it refused ({@code nonce too low}, {@code underpriced},
   * ...); a transaction it knows already is no refusal.
   */
  Optional<String> send(Signed signed) throws IOException;

  /** The receipt of a mined transaction. */
  Optional<Receipt> receipt(Bytes32 txHash) throws IOException;

  /** Where and when a root was recorded on L1 ({@code l1Block} 0: never). */
  record RootInfo(long batchIndex, long l1Block, long l1Time, long batchTime) {
    public boolean recorded() {
      return l1Block != 0;
    }
  }

  /** What the sequencer submits: one batch, or an aggregate of batches under one proof. */
  sealed interface Submission permits BatchSubmission, AggregatedSubmission {}

  /**
   * submitBatch's arguments.
   *
   * @param circuit the batch's circuit id (docs/spec/proof.md §9, {@code
   *     io.keystore.l1.BatchCircuit#id()}): selects the verifier; its size is {@code circuit % 256}
   */
  record BatchSubmission(
      int circuit,
      Bytes32 newRoot,
      long newLeafCount,
      long batchTime,
      int forcedCount,
      Bytes updates,
      Bytes proof)
      implements Submission {}

  /** One batch of submitAggregated: submitBatch's arguments without the proof. */
  record AggregatedBatch(
      int circuit,
      Bytes32 newRoot,
      long newLeafCount,
      long batchTime,
      int forcedCount,
      Bytes updates) {}

  /**
   * submitAggregated's arguments (docs/spec/aggregation.md §4): the batches in order, one proof.
   */
  record AggregatedSubmission(List<AggregatedBatch> batches, Bytes proof) implements Submission {
    public AggregatedSubmission {
      batches = List.copyOf(batches);
    }
  }

  /** A signed transaction to the rollup: its hash and raw bytes (hex). */
  record Signed(Bytes32 hash, String raw) {}

  /** A mined transaction: whether it succeeded, and its block. */
  record Receipt(boolean succeeded, long l1Block) {}

  /** A transaction queued for force inclusion, as the rollup's ForceQueued event tells it. */
  record QueuedForcedTx(
      long index,
      Bytes32 forceId,
      long queuedAt,
      Bytes transaction,
      Bytes signerKey,
      long l1Block) {}

  /**
   * A call that reverts: the revert data (the custom error's selector and arguments; empty when the
   * node returned none) and the node's message.
   */
  record Revert(Bytes data, String message) {
    /** The rollup's custom error, when the data names one (see {@link RollupErrors}). */
    public Optional<String> error() {
      return RollupErrors.name(data);
    }

    /** A readable form: the error with its arguments, e.g. {@code InvalidProof()}. */
    public String describe() {
      return RollupErrors.describe(data, message);
    }
  }
}
