package io.keystore.state.proof;

import io.keystore.state.account.StateHashing;
import io.keystore.state.account.U64;
import io.keystore.state.hash.Fr;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What a batch proof is bound to (docs/spec/proof.md §3): the EIP-712 domain separator, the roots
 * and leaf counts before and after, the batch time, the number of transactions and the commitment
 * to the data the batch publishes. Its hash is the proof's one public input.
 */
public record BatchHeader(
    Bytes32 domainSeparator,
    Bytes32 oldRoot,
    Bytes32 newRoot,
    long oldLeafCount,
    long newLeafCount,
    long time,
    int txCount,
    Fr dataCommitment) {

  /** Domain tag of the batch data commitment. */
  public static final Fr DOMAIN_BATCH_DATA = Fr.of(10);

  /** Domain tag of the public input. */
  public static final Fr DOMAIN_PUBLIC_INPUT = Fr.of(11);

  /** The number of field elements of {@link #toFieldElements()}. */
  public static final int FIELD_ELEMENTS = 9;

  private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

  public BatchHeader {
    Objects.requireNonNull(domainSeparator, "domainSeparator");
    Objects.requireNonNull(oldRoot, "oldRoot");
    Objects.requireNonNull(newRoot, "newRoot");
    Objects.requireNonNull(dataCommitment, "dataCommitment");
    if (oldLeafCount < 1 || newLeafCount < oldLeafCount || txCount < 0) {
      throw new IllegalArgumentException(
          "leaf counts " + oldLeafCount + " -> " + newLeafCount + ", tx count " + txCount);
    }
  }

  /**
   * The data commitment H_10(account_1, value_1, ..., account_n, value_n) over the published
   * (account, new configHash) pairs, in order.
   */
  public static Fr dataCommitment(List<PublishedUpdate> updates) {
    Fr[] in = new Fr[2 * updates.size()];
    for (int i = 0; i < updates.size(); i++) {
      in[2 * i] = StateHashing.treeKey(updates.get(i).account());
      in[2 * i + 1] = Fr.fromBytes(updates.get(i).value());
    }
    return StateHashing.tagged(DOMAIN_BATCH_DATA, in);
  }

  /** The header's elements in witness order (proof.md §2.1). */
  public List<Fr> toFieldElements() {
    BigInteger[] sep = new BigInteger(1, domainSeparator.toArrayUnsafe()).divideAndRemainder(TWO_128);
    return List.of(
        Fr.fromBigInteger(sep[0]),
        Fr.fromBigInteger(sep[1]),
        Fr.fromBytes(oldRoot),
        Fr.fromBytes(newRoot),
        U64.toFr(oldLeafCount),
        U64.toFr(newLeafCount),
        U64.toFr(time),
        Fr.of(txCount),
        dataCommitment);
  }

  /** The proof's public input: H_11 over the header's elements. */
  public Fr publicInput() {
    return StateHashing.tagged(DOMAIN_PUBLIC_INPUT, toFieldElements().toArray(Fr[]::new));
  }
}
