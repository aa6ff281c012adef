package io.keystore.state.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * An EIP-712 domain with the fields (name, version, chainId, verifyingContract), and the digest of
 * a struct hash under it (docs/spec/transactions.md §4.1).
 */
public record Eip712Domain(
    String name, String version, BigInteger chainId, Address verifyingContract) {

  /** The domain name of the keystore rollup. */
  public static final String KEYSTORE_NAME = "KeystoreRollup";

  /** The domain version of the keystore rollup's v1 transactions. */
  public static final String KEYSTORE_VERSION = "1";

  /** The EIP-712 type string of the domain. */
  public static final String TYPE =
      "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

  public static final Bytes32 TYPE_HASH = Keccak256.hash(TYPE.getBytes(StandardCharsets.UTF_8));

  public Eip712Domain {
    if (name == null || version == null || chainId == null || verifyingContract == null) {
      throw new IllegalArgumentException("null domain field");
    }
    if (chainId.signum() < 0 || chainId.bitLength() > 256) {
      throw new IllegalArgumentException("chainId is not a uint256: " + chainId);
    }
  }

  /** The keystore's domain on an L1 chain, for its rollup contract. */
  public static Eip712Domain keystore(long chainId, Address rollupContract) {
    return new Eip712Domain(
        KEYSTORE_NAME, KEYSTORE_VERSION, BigInteger.valueOf(chainId), rollupContract);
  }

  /** hashStruct(EIP712Domain). */
  public Bytes32 separator() {
    return Keccak256.hash(
        TYPE_HASH,
        Keccak256.hash(name.getBytes(StandardCharsets.UTF_8)),
        Keccak256.hash(version.getBytes(StandardCharsets.UTF_8)),
        PublicKey.word(chainId),
        Bytes.wrap(verifyingContract.toAbiWord()));
  }

  /** keccak256(0x19 0x01 || separator || structHash): what is signed. */
  public Bytes32 digest(Bytes32 structHash) {
    return digestWith(separator(), structHash);
  }

  /** keccak256(0x19 0x01 || domainSeparator || structHash), for a precomputed separator. */
  public static Bytes32 digestWith(Bytes32 domainSeparator, Bytes32 structHash) {
    return Keccak256.hash(Bytes.of(0x19, 0x01), domainSeparator, structHash);
  }
}
