package io.keystore.state.tx;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.Settings;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Signature;
import io.keystore.state.crypto.TxSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A keystore transaction (docs/spec/transactions.md §2). Four types; the records hold well-formed
 * values (valid keys and signatures), while the rules that depend on the account's state are the
 * state transition's ({@code io.keystore.state.stf}).
 */
public sealed interface Transaction
    permits Transaction.UpdateConfig,
        Transaction.ApproveRecovery,
        Transaction.CancelRecovery,
        Transaction.FinaliseRecovery {

  /** The version of the transaction format (the first byte of the encoding). */
  int VERSION = 1;

  /** The version of transactions signed with a P-256 or WebAuthn key (transactions.md §5.1). */
  int VERSION_PASSKEY_SIGNATURE = 2;

  /** The signature, for the signed types. */
  default Optional<TxSignature> txSignature() {
    return switch (this) {
      case UpdateConfig u -> Optional.of(u.signature());
      case ApproveRecovery a -> Optional.of(a.signature());
      case CancelRecovery c -> Optional.of(c.signature());
      case FinaliseRecovery f -> Optional.empty();
    };
  }

  /** The encoding's version: 1, or 2 when the signature is of scheme 2 or 3 (§5.1). */
  default int version() {
    return txSignature().map(TxSignature::scheme).orElse(PublicKey.SCHEME_SECP256K1)
            == PublicKey.SCHEME_SECP256K1
        ? VERSION
        : VERSION_PASSKEY_SIGNATURE;
  }

  /**
   * The secp256k1 signature of a version-1 signed transaction.
   *
   * @throws IllegalStateException for an unsigned transaction or a passkey signature (which nothing
   *     may verify as secp256k1: the state transition checks each signature with its own scheme)
   */
  default Signature secp256k1Signature() {
    return txSignature()
        .filter(Signature.class::isInstance)
        .map(Signature.class::cast)
        .orElseThrow(
            () -> new IllegalStateException("not a secp256k1-signed transaction: " + type()));
  }

  /** The account the transaction is for. */
  Address account();

  TxType type();

  /**
   * Every key the transaction carries: the new settings' owner and guardians, the proposed owner,
   * and the owner and guardians of a creation (not the signer's key, which is in the state).
   */
  default List<PublicKey> carriedKeys() {
    List<PublicKey> keys = new ArrayList<>();
    switch (this) {
      case UpdateConfig u -> keys.addAll(u.newSettings().keys());
      case ApproveRecovery a -> keys.add(a.newOwner());
      case CancelRecovery c -> {}
      case FinaliseRecovery f -> {}
    }
    creation().ifPresent(c -> keys.addAll(c.settings().keys()));
    return keys;
  }

  /** The creation data of a counterfactual account, for the types that may carry it. */
  default Optional<AccountCreation> creation() {
    return Optional.empty();
  }

  /**
   * Owner-signed: sets the owner at once and requests the other settings (transactions.md §6.2).
   *
   * @param nonce u64, the account's nonce
   * @param newSettings the full desired settings
   */
  record UpdateConfig(
      Address account,
      long nonce,
      Settings newSettings,
      Optional<AccountCreation> creation,
      TxSignature signature)
      implements Transaction {
    public UpdateConfig {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(newSettings, "newSettings");
      Objects.requireNonNull(creation, "creation");
      Objects.requireNonNull(signature, "signature");
    }

    @Override
    public TxType type() {
      return TxType.UPDATE_CONFIG;
    }
  }

  /**
   * Guardian-signed approval of a new owner key (transactions.md §6.3).
   *
   * @param guardianIndex the signer's slot, 0..3
   * @param recoveryEpoch u64, the account's recovery epoch
   */
  record ApproveRecovery(
      Address account,
      int guardianIndex,
      PublicKey newOwner,
      long recoveryEpoch,
      Optional<AccountCreation> creation,
      TxSignature signature)
      implements Transaction {
    public ApproveRecovery {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(newOwner, "newOwner");
      Objects.requireNonNull(creation, "creation");
      Objects.requireNonNull(signature, "signature");
      if (guardianIndex < 0 || guardianIndex > 255) {
        throw new IllegalArgumentException("guardianIndex is a u8: " + guardianIndex);
      }
    }

    @Override
    public TxType type() {
      return TxType.APPROVE_RECOVERY;
    }
  }

  /** Owner-signed veto of the pending recovery (transactions.md §6.4). */
  record CancelRecovery(Address account, long nonce, TxSignature signature) implements Transaction {
    public CancelRecovery {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(signature, "signature");
    }

    @Override
    public TxType type() {
      return TxType.CANCEL_RECOVERY;
    }
  }

  /** Unsigned: makes a due recovery or pending update take effect (transactions.md §6.5). */
  record FinaliseRecovery(Address account) implements Transaction {
    public FinaliseRecovery {
      Objects.requireNonNull(account, "account");
    }

    @Override
    public TxType type() {
      return TxType.FINALISE_RECOVERY;
    }
  }
}
