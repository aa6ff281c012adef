package io.keystore.state.tree;

import java.util.List;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What the batch circuit needs to prove one change of the tree: an {@link InsertWitness} or an
 * {@link UpdateWitness}. The format, field by field, is docs/spec/witness.md.
 */
public sealed interface TreeWitness permits InsertWitness, UpdateWitness {

  /** The root before the change. */
  Bytes32 oldRoot();

  /** The root after the change. */
  Bytes32 newRoot();

  /** The key inserted or updated. */
  Bytes32 key();

  /** The key's new value. */
  Bytes32 value();

  /**
   * Recomputes what the circuit recomputes: true if the old root follows from the old leaves and
   * paths, the new root from the new leaves and the same paths, and every constraint between the
   * fields holds (docs/spec/witness.md).
   */
  boolean verify();

  /** The witness as field elements, in the order of docs/spec/witness.md. */
  List<Bytes32> toFieldElements();
}
