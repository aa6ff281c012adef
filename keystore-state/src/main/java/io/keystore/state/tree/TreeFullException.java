package io.keystore.state.tree;

/** An insert found no free slot: all 2^32 leaves are used. */
public final class TreeFullException extends TreeException {

  public TreeFullException() {
    super("the tree is full: all 2^" + IndexedMerkleTree.DEPTH + " leaf slots are used");
  }
}
