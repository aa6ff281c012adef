package io.keystore.l2;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What {@code KeystoreRootOracle.syncRoot} needs from one L1 block, and the block attributes the
 * L1Block oracle must hold for it.
 *
 * @param header the RLP block header; its Keccak-256 is {@code blockHash}
 * @param accountProof the rollup's account proof at the block
 * @param rootProof the storage proof of slot 0 ({@code latestRoot})
 * @param countProof the storage proof of slot 1 ({@code leafCount} in the low 64 bits)
 * @param root the rollup's latest root at the block
 * @param leafCount its leaf count, sentinel included
 */
public record RootSyncProof(
    long blockNumber,
    long timestamp,
    BigInteger baseFee,
    Bytes32 blockHash,
    byte[] header,
    List<byte[]> accountProof,
    List<byte[]> rootProof,
    List<byte[]> countProof,
    Bytes32 root,
    long leafCount) {

  public RootSyncProof {
    accountProof = List.copyOf(accountProof);
    rootProof = List.copyOf(rootProof);
    countProof = List.copyOf(countProof);
    header = header.clone();
  }

  @Override
  public byte[] header() {
    return header.clone();
  }
}
