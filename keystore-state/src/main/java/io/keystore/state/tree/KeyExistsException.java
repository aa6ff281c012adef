package io.keystore.state.tree;

import org.apache.tuweni.bytes.Bytes32;

/** An insert, or a non-membership proof, asked for a key that is already in the tree. */
public final class KeyExistsException extends TreeException {

  private final Bytes32 key;
  private final long index;

  public KeyExistsException(Bytes32 key, long index) {
    super("key already in the tree at index " + index + ": " + key.toHexString());
    this.key = key;
    this.index = index;
  }

  public Bytes32 key() {
    return key;
  }

  /** The index of the leaf that holds the key. */
  public long index() {
    return index;
  }
}
