package io.keystore.state.tree;

import org.apache.tuweni.bytes.Bytes32;

/** An update, or a membership proof, asked for a key that is not in the tree. */
public final class KeyNotFoundException extends TreeException {

  private final Bytes32 key;

  public KeyNotFoundException(Bytes32 key) {
    super("key not in the tree: " + key.toHexString());
    this.key = key;
  }

  public Bytes32 key() {
    return key;
  }
}
