package io.keystore.state.tree;

/**
 * A tree operation refused because of the key it was given; nothing was written. The subclasses
 * name the reason.
 */
public abstract sealed class TreeException extends RuntimeException
    permits InvalidKeyException, KeyExistsException, KeyNotFoundException, TreeFullException {

  TreeException(String message) {
    super(message);
  }
}
