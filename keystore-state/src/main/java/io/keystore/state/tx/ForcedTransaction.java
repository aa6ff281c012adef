package io.keystore.state.tx;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.StateHashing;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.Keccak256;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Secp256k1;
import io.keystore.state.crypto.Signature;
import io.keystore.state.hash.Fr;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A transaction queued on L1 for force inclusion (docs/spec/proof.md §7), with the key its
 * submitter says signed it. {@link #validate} is the Java mirror of the L1 contract's
 * state-independent checks (§7.1); {@link #forceId()} is the id the contract stores and the circuit
 * recomputes (§7.2).
 *
 * @param tx the transaction
 * @param signerKey the key that signed it; empty exactly for the unsigned {@code FinaliseRecovery}
 */
public record ForcedTransaction(Transaction tx, Optional<PublicKey> signerKey) {

  public ForcedTransaction {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(signerKey, "signerKey");
    boolean signed = !(tx instanceof Transaction.FinaliseRecovery);
    if (signed != signerKey.isPresent()) {
      throw new IllegalArgumentException(
          signed
              ? "a signed transaction needs its signer's key"
              : "FinaliseRecovery has no signer");
    }
  }

  /** Why a forced transaction cannot be queued (the L1 contract reverts for the same reasons). */
  public static final class InvalidForcedTransaction extends Exception {
    private final Problem problem;

    public InvalidForcedTransaction(Problem problem, String message) {
      super(problem + ": " + message);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  /** What is wrong with a transaction the L1 queue refuses (the vectors' {@code error} codes). */
  public enum Problem {
    /** The bytes do not decode (transactions.md §5). */
    MALFORMED,
    /** The account is the zero address. */
    ZERO_ACCOUNT,
    /** New or initial settings break transactions.md §6.6. */
    INVALID_SETTINGS,
    /** The creation does not hash to the account. */
    ADDRESS_MISMATCH,
    /** The signer key is not 64 bytes of a curve point, or is given for FinaliseRecovery. */
    BAD_SIGNER_KEY,
    /** The signature is not valid for the signer key over the transaction's digest. */
    BAD_SIGNATURE
  }

  /**
   * Checks what the L1 contract checks before queueing (§7.1): the encoding, valid settings, a
   * creation that hashes to the account, and (signed types) a signature valid for {@code signerKey}
   * (64 bytes {@code x ‖ y}; empty for {@code FinaliseRecovery}) over the transaction's own digest
   * in {@code domain}.
   */
  public static ForcedTransaction validate(Bytes encodedTx, Bytes signerKey, Eip712Domain domain)
      throws InvalidForcedTransaction {
    Transaction tx;
    try {
      tx = TxCodec.decode(encodedTx);
    } catch (DecodingException e) {
      throw new InvalidForcedTransaction(Problem.MALFORMED, e.getMessage());
    }
    if (tx.version() != Transaction.VERSION) {
      // The L1 contract decodes version 1 only: forced transactions are secp256k1 (proof.md §9).
      throw new InvalidForcedTransaction(
          Problem.MALFORMED,
          "unknown transaction version " + tx.version() + " (the L1 queue takes version 1 only)");
    }
    for (PublicKey k : tx.carriedKeys()) {
      if (k.scheme() != PublicKey.SCHEME_SECP256K1) {
        // The L1 contract knows scheme 1 only (proof.md §7.1).
        throw new InvalidForcedTransaction(
            Problem.MALFORMED,
            "unknown key scheme " + k.scheme() + " (the L1 queue takes scheme 1 keys only)");
      }
    }
    if (tx.account().toBigInteger().signum() == 0) {
      throw new InvalidForcedTransaction(Problem.ZERO_ACCOUNT, "the zero address is no account");
    }
    if (tx instanceof Transaction.UpdateConfig u) {
      requireValid(u.newSettings().validationError(), "new settings");
    }
    Optional<AccountCreation> creation = tx.creation();
    if (creation.isPresent()) {
      requireValid(creation.get().settings().validationError(), "creation settings");
      if (!creation.get().address().equals(tx.account())) {
        throw new InvalidForcedTransaction(
            Problem.ADDRESS_MISMATCH, "the creation does not hash to the account");
      }
    }
    Optional<PublicKey> signer = signerOf(tx, signerKey);
    if (signer.isPresent()) {
      Bytes32 digest = TypedData.digest(domain, tx).orElseThrow();
      if (Secp256k1.verify(signer.get(), digest, signature(tx)) != Secp256k1.Verification.VALID) {
        throw new InvalidForcedTransaction(
            Problem.BAD_SIGNATURE, "the signature is not valid for the signer key");
      }
    }
    return new ForcedTransaction(tx, signer);
  }

  private static Optional<PublicKey> signerOf(Transaction tx, Bytes signerKey)
      throws InvalidForcedTransaction {
    if (tx instanceof Transaction.FinaliseRecovery) {
      if (!signerKey.isEmpty()) {
        throw new InvalidForcedTransaction(
            Problem.BAD_SIGNER_KEY, "FinaliseRecovery takes no signer key");
      }
      return Optional.empty();
    }
    try {
      return Optional.of(PublicKey.fromXY(signerKey));
    } catch (IllegalArgumentException e) {
      throw new InvalidForcedTransaction(Problem.BAD_SIGNER_KEY, e.getMessage());
    }
  }

  private static void requireValid(Optional<String> error, String what)
      throws InvalidForcedTransaction {
    if (error.isPresent()) {
      throw new InvalidForcedTransaction(Problem.INVALID_SETTINGS, what + ": " + error.get());
    }
  }

  private static Signature signature(Transaction tx) {
    return tx.secp256k1Signature();
  }

  /** The signer key as the contract takes it: 64 bytes {@code x ‖ y}, empty when unsigned. */
  public Bytes signerKeyBytes() {
    return signerKey.map(PublicKey::toXY).orElse(Bytes.EMPTY);
  }

  /** The transaction's own counter: its nonce, or its recovery epoch for an approval; else 0. */
  public static long counter(Transaction tx) {
    return switch (tx) {
      case Transaction.UpdateConfig u -> u.nonce();
      case Transaction.ApproveRecovery a -> a.recoveryEpoch();
      case Transaction.CancelRecovery c -> c.nonce();
      case Transaction.FinaliseRecovery f -> 0;
    };
  }

  /** {@code H_2(salt, initialConfigHash)} of the transaction's creation, or 0 without one. */
  public static Fr creationCommitment(Transaction tx) {
    return tx.creation()
        .map(
            c ->
                StateHashing.tagged(
                    StateHashing.DOMAIN_ADDRESS, c.salt(), c.initialConfig().hash()))
        .orElse(Fr.ZERO);
  }

  /** The signed payload word w2: the settings commitment, the proposed owner's keyHash, or 0. */
  private Fr payload() {
    return switch (tx) {
      case Transaction.UpdateConfig u -> StateHashing.updateCommitment(u.newSettings());
      case Transaction.ApproveRecovery a -> StateHashing.keyHash(a.newOwner());
      default -> Fr.ZERO;
    };
  }

  /**
   * The forced transaction id (§7.2): {@code keccak256(w1 ‖ w2 ‖ w3 ‖ w4)} with {@code w1 = 0x0000
   * ‖ type ‖ guardianIndex ‖ counter (u64) ‖ account}, {@code w2} the signed payload, {@code w3}
   * the signer's keyHash (0 unsigned), {@code w4} the creation commitment.
   */
  public Bytes32 forceId() {
    ByteBuffer b = ByteBuffer.allocate(128);
    b.put(new byte[2]);
    b.put((byte) tx.type().code());
    b.put((byte) (tx instanceof Transaction.ApproveRecovery a ? a.guardianIndex() : 0));
    b.putLong(counter(tx));
    b.put(tx.account().toBytes().toArrayUnsafe());
    b.put(payload().toBytes().toArrayUnsafe());
    b.put(signerKey.map(StateHashing::keyHash).orElse(Fr.ZERO).toBytes().toArrayUnsafe());
    b.put(creationCommitment(tx).toBytes().toArrayUnsafe());
    return Keccak256.hash(b.array());
  }
}
