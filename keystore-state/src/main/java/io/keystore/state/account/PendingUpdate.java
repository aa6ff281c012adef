package io.keystore.state.account;

import io.keystore.state.hash.Fr;
import java.util.Objects;

/**
 * A requested change of the guardian set or spending rules that waits out the recovery delay
 * (docs/spec/state.md §4.1). The hash commits to the proposed values by their hashes only; the
 * record keeps the keys, which whoever applies the update needs.
 */
public record PendingUpdate(GuardianSet guardianSet, Fr spendingRulesHash, long executableAfter) {

  public PendingUpdate {
    Objects.requireNonNull(guardianSet, "guardianSet");
    Objects.requireNonNull(spendingRulesHash, "spendingRulesHash");
  }
}
