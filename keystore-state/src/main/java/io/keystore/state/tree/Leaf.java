package io.keystore.state.tree;

import io.keystore.state.hash.Fr;
import io.keystore.state.hash.TreeHashing;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A leaf of the indexed Merkle tree (docs/spec/hashing.md, section 4): an account's key, the next
 * larger key present in the tree ({@code 0} when this key is the largest), and the account's value
 * (the hash of its configuration). Each field is a canonical field element, 32 bytes big-endian.
 *
 * <p>The sentinel {@link #SENTINEL} = (0, 0, 0) sits at index 0 of every tree.
 *
 * @throws IllegalArgumentException (constructor) if a field is not a canonical field element
 */
public record Leaf(Bytes32 key, Bytes32 nextKey, Bytes32 value) {

  /** The sentinel leaf (0, 0, 0), at index 0 of every tree. */
  public static final Leaf SENTINEL = new Leaf(Bytes32.ZERO, Bytes32.ZERO, Bytes32.ZERO);

  public Leaf {
    key = canonical(key, "key");
    nextKey = canonical(nextKey, "nextKey");
    value = canonical(value, "value");
  }

  /** leafHash(key, nextKey, value) as a field element. */
  public Fr hashElement() {
    return TreeHashing.leafHash(Fr.fromBytes(key), Fr.fromBytes(nextKey), Fr.fromBytes(value));
  }

  /** leafHash(key, nextKey, value), encoded. */
  public Bytes32 hash() {
    return hashElement().toBytes();
  }

  /** This leaf with another nextKey. */
  public Leaf withNextKey(Bytes32 newNextKey) {
    return new Leaf(key, newNextKey, value);
  }

  /** This leaf with another value. */
  public Leaf withValue(Bytes32 newValue) {
    return new Leaf(key, nextKey, newValue);
  }

  /** True when this leaf holds the largest key of the tree (its nextKey is 0). */
  public boolean isLast() {
    return nextKey.isZero();
  }

  @Override
  public String toString() {
    return "Leaf(key="
        + key.toHexString()
        + ", nextKey="
        + nextKey.toHexString()
        + ", value="
        + value.toHexString()
        + ")";
  }

  private static Bytes32 canonical(Bytes32 x, String name) {
    return MerklePath.requireCanonical(x, name);
  }
}
