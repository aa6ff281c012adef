package io.keystore.sdk;

import io.keystore.state.account.SpendingRules;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.Signature;
import io.keystore.state.crypto.TxSignature;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A user operation ready to sign: its fields, the root and frontier-relative proof its signature
 * will carry, and its userOpHash. {@link #sign} (or {@link #withSignature} for a wallet's signature
 * of {@link #signedDigest()}) gives the operation to submit.
 *
 * @param op the operation, with an empty signature
 * @param userOpHash the EntryPoint's hash of {@code op} (chain and EntryPoint bound)
 * @param root the keystore root the proof is against (one the L2 oracle knows)
 * @param proof the proof of mini-account.md §2
 * @param mode PROOF or PROOF_AND_CACHE
 * @param rules the rule list to attach (the first proof of a configuration with limits needs it)
 * @param verified the account's configuration as proven at {@code root}
 */
public record PreparedUserOperation(
    PackedUserOperation op,
    Bytes32 userOpHash,
    Bytes32 root,
    Bytes proof,
    MiniAccountSignatures.Mode mode,
    Optional<SpendingRules> rules,
    VerifiedAccount verified) {

  public PreparedUserOperation {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(userOpHash, "userOpHash");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(verified, "verified");
  }

  /** The digest the owner key signs (personal_sign of the userOpHash). */
  public Bytes32 signedDigest() {
    return UserOperations.signedDigest(userOpHash);
  }

  /**
   * Signs with {@code owner} (the proven owner, or the operation fails validation).
   *
   * @throws AccountFrozenException if the account is frozen at the root (a recovery at its
   *     threshold): the mini-account would refuse the operation
   */
  public PackedUserOperation sign(PrivateKey owner) {
    verified.requireNotFrozen();
    return withSignature(MiniAccountSignatures.signUserOp(owner, userOpHash));
  }

  /**
   * Attaches an ECDSA signature of {@link #signedDigest()} made elsewhere.
   *
   * @throws AccountFrozenException if the account is frozen at the root
   */
  public PackedUserOperation withSignature(Signature signature) {
    verified.requireNotFrozen();
    return op.withSignature(MiniAccountSignatures.withProof(mode, root, signature, proof, rules));
  }

  /**
   * Attaches the proven owner's signature of {@link #signedDigest()} in the owner's scheme: a P-256
   * signature, or a passkey's WebAuthn assertion whose challenge is that digest (mini-account.md
   * §3).
   *
   * @throws IllegalArgumentException if the signature's scheme is not the owner key's
   * @throws AccountFrozenException if the account is frozen at the root
   */
  public PackedUserOperation withSignature(TxSignature signature) {
    verified.requireNotFrozen();
    if (signature.scheme() != verified.owner().scheme()) {
      throw new IllegalArgumentException(
          "the owner's key is of scheme "
              + verified.owner().scheme()
              + ", the signature of scheme "
              + signature.scheme());
    }
    return op.withSignature(MiniAccountSignatures.withProof(mode, root, signature, proof, rules));
  }
}
