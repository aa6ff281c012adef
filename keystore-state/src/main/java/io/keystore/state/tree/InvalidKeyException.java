package io.keystore.state.tree;

import org.apache.tuweni.bytes.Bytes32;

/** The key is not an account key: it is 0 (the sentinel's) or not below 2^160. */
public final class InvalidKeyException extends TreeException {

  private final Bytes32 key;

  public InvalidKeyException(Bytes32 key) {
    super(
        "not a valid account key (must be in [1, 2^"
            + IndexedMerkleTree.KEY_BITS
            + ")): "
            + key.toHexString());
    this.key = key;
  }

  public Bytes32 key() {
    return key;
  }
}
