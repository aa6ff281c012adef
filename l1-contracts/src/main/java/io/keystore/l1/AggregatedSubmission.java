package io.keystore.l1;

import io.keystore.state.proof.BatchCircuit;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * The calldata of {@code KeystoreRollup.submitAggregated(AggregatedBatch[] batches, bytes proof)}
 * (docs/spec/aggregation.md §4), which the web3j wrapper leaves out (its generator does not take
 * tuple parameters). Send it with a transaction manager to the rollup's address.
 */
public final class AggregatedSubmission {

  /** The Solidity signature. */
  public static final String SIGNATURE =
      "submitAggregated((uint256,bytes32,uint64,uint64,uint256,bytes)[],bytes)";

  /**
   * One batch: {@code struct AggregatedBatch { uint256 circuit; bytes32 newRoot; uint64
   * newLeafCount; uint64 batchTime; uint256 forcedCount; bytes updates; }}, submitBatch's arguments
   * but the proof.
   *
   * @param circuit the batch's circuit id ({@link BatchCircuit#id()}): its size and signer scheme
   */
  public record Batch(
      int circuit,
      byte[] newRoot,
      long newLeafCount,
      long batchTime,
      int forcedCount,
      byte[] updates) {
    public Batch {
      if (newRoot.length != 32) {
        throw new IllegalArgumentException("newRoot of " + newRoot.length + " bytes");
      }
    }
  }

  /** The ABI tuple of a batch. */
  public static final class AggregatedBatch extends DynamicStruct {
    AggregatedBatch(Batch b) {
      super(
          new Uint256(b.circuit()),
          new Bytes32(b.newRoot()),
          new Uint64(BigInteger.valueOf(b.newLeafCount())),
          new Uint64(BigInteger.valueOf(b.batchTime())),
          new Uint256(b.forcedCount()),
          new DynamicBytes(b.updates()));
    }
  }

  private AggregatedSubmission() {}

  /** The calldata (selector included, 0x-prefixed hex) of submitAggregated(batches, proof). */
  public static String encode(List<Batch> batches, byte[] proof) {
    List<AggregatedBatch> tuples = batches.stream().map(AggregatedBatch::new).toList();
    Function f =
        new Function(
            "submitAggregated",
            List.of(new DynamicArray<>(AggregatedBatch.class, tuples), new DynamicBytes(proof)),
            List.of());
    return FunctionEncoder.encode(f);
  }
}
