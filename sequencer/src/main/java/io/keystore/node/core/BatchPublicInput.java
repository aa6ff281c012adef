package io.keystore.node.core;

import io.keystore.node.storage.StoredBatch;
import io.keystore.node.storage.StoredForcedTx;
import io.keystore.state.crypto.Address;
import io.keystore.state.proof.BatchHeader;
import io.keystore.state.proof.PublishedUpdate;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The public input a stored batch's proof must have (proof.md §3), recomputed from the batch row
 * and its forced transactions as the L1 contract recomputes it from its calldata, never from the
 * witness a worker was given: what the node checks every returned batch proof against.
 */
public final class BatchPublicInput {

  private BatchPublicInput() {}

  /**
   * @param batch a batch past BATCHED (its roots, counts and updates are set)
   * @param forced its forced transactions, by queue index
   * @param domainSeparator the rollup's EIP-712 domain separator
   */
  public static Bytes32 of(
      StoredBatch batch, List<StoredForcedTx> forced, Bytes32 domainSeparator) {
    BatchHeader header =
        new BatchHeader(
            domainSeparator,
            batch.oldRoot().orElseThrow(),
            batch.newRoot().orElseThrow(),
            batch.oldLeafCount(),
            batch.newLeafCount(),
            batch.time(),
            forced.stream().map(StoredForcedTx::forceId).toList(),
            published(batch.updates().orElseThrow()));
    return header.publicInput(batch.slots());
  }

  private static List<PublishedUpdate> published(Bytes updates) {
    if (updates.size() % BatchHeader.PUBLISHED_BYTES != 0) {
      throw new IllegalArgumentException(
          "published updates of " + updates.size() + " bytes: not a multiple of 52");
    }
    List<PublishedUpdate> out = new ArrayList<>();
    for (int i = 0; i < updates.size(); i += BatchHeader.PUBLISHED_BYTES) {
      out.add(
          new PublishedUpdate(
              Address.wrap(updates.slice(i, Address.LENGTH)),
              Bytes32.wrap(updates.slice(i + Address.LENGTH, 32))));
    }
    return out;
  }
}
