package io.keystore.state.tx;

import io.keystore.state.account.StateHashing;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.Keccak256;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The EIP-712 structs keystore signatures cover, and their digests (docs/spec/transactions.md
 * §4.2): three static fields at most, so each struct hash is one keccak-f permutation.
 */
public final class TypedData {

  public static final String UPDATE_CONFIG_TYPE =
      "UpdateConfig(address account,uint256 nonce,bytes32 newConfigCommitment)";
  public static final String APPROVE_RECOVERY_TYPE =
      "ApproveRecovery(address account,bytes32 newOwnerKeyHash,uint256 recoveryEpoch)";
  public static final String CANCEL_RECOVERY_TYPE = "CancelRecovery(address account,uint256 nonce)";

  public static final Bytes32 UPDATE_CONFIG_TYPE_HASH = typeHash(UPDATE_CONFIG_TYPE);
  public static final Bytes32 APPROVE_RECOVERY_TYPE_HASH = typeHash(APPROVE_RECOVERY_TYPE);
  public static final Bytes32 CANCEL_RECOVERY_TYPE_HASH = typeHash(CANCEL_RECOVERY_TYPE);

  private TypedData() {}

  /** hashStruct(UpdateConfig(account, nonce, newConfigCommitment)). */
  public static Bytes32 updateConfigStructHash(Address account, long nonce, Bytes32 commitment) {
    return Keccak256.hash(
        UPDATE_CONFIG_TYPE_HASH, Bytes.wrap(account.toAbiWord()), uint(nonce), commitment);
  }

  /** hashStruct(ApproveRecovery(account, newOwnerKeyHash, recoveryEpoch)). */
  public static Bytes32 approveRecoveryStructHash(
      Address account, Bytes32 newOwnerKeyHash, long recoveryEpoch) {
    return Keccak256.hash(
        APPROVE_RECOVERY_TYPE_HASH,
        Bytes.wrap(account.toAbiWord()),
        newOwnerKeyHash,
        uint(recoveryEpoch));
  }

  /** hashStruct(CancelRecovery(account, nonce)). */
  public static Bytes32 cancelRecoveryStructHash(Address account, long nonce) {
    return Keccak256.hash(CANCEL_RECOVERY_TYPE_HASH, Bytes.wrap(account.toAbiWord()), uint(nonce));
  }

  /**
   * The struct hash a transaction's signature covers, or empty for FinaliseRecovery (unsigned).
   *
   * @throws IllegalStateException if an UpdateConfig has more than 4 guardians
   */
  public static Optional<Bytes32> structHash(Transaction tx) {
    return switch (tx) {
      case Transaction.UpdateConfig u ->
          Optional.of(
              updateConfigStructHash(
                  u.account(), u.nonce(), u.newSettings().updateCommitment().toBytes()));
      case Transaction.ApproveRecovery a ->
          Optional.of(
              approveRecoveryStructHash(
                  a.account(), StateHashing.keyHash(a.newOwner()).toBytes(), a.recoveryEpoch()));
      case Transaction.CancelRecovery c ->
          Optional.of(cancelRecoveryStructHash(c.account(), c.nonce()));
      case Transaction.FinaliseRecovery f -> Optional.empty();
    };
  }

  /** The digest a transaction's signature covers under the domain, or empty if unsigned. */
  public static Optional<Bytes32> digest(Eip712Domain domain, Transaction tx) {
    return structHash(tx).map(domain::digest);
  }

  /** A u64 as a uint256 ABI word. */
  static Bytes32 uint(long v) {
    return Bytes32.leftPad(Bytes.ofUnsignedLong(v));
  }

  private static Bytes32 typeHash(String type) {
    return Keccak256.hash(type.getBytes(StandardCharsets.UTF_8));
  }
}
