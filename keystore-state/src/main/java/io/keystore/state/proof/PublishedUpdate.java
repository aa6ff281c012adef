package io.keystore.state.proof;

import io.keystore.state.crypto.Address;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What a batch publishes on L1 for one applied transaction: the account and its new leaf value
 * (configHash), enough to rebuild the tree from L1 alone (proof.md §4).
 */
public record PublishedUpdate(Address account, Bytes32 value) {
  public PublishedUpdate {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(value, "value");
  }
}
