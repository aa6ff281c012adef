package io.keystore.state.crypto;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.crypto.digests.KeccakDigest;

/** Keccak-256, Ethereum's hash (the original Keccak padding, not SHA3-256). Thread-safe. */
public final class Keccak256 {

  private Keccak256() {}

  /** keccak256 of the concatenation of the parts. */
  public static Bytes32 hash(byte[]... parts) {
    KeccakDigest digest = new KeccakDigest(256);
    for (byte[] part : parts) {
      digest.update(part, 0, part.length);
    }
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return Bytes32.wrap(out);
  }

  /** keccak256 of the concatenation of the parts. */
  public static Bytes32 hash(Bytes... parts) {
    KeccakDigest digest = new KeccakDigest(256);
    for (Bytes part : parts) {
      byte[] b = part.toArrayUnsafe();
      digest.update(b, 0, b.length);
    }
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return Bytes32.wrap(out);
  }
}
