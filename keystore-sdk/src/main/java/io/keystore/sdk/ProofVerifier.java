package io.keystore.sdk;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.StateHashing;
import io.keystore.state.api.AccountProof;
import io.keystore.state.crypto.Address;
import io.keystore.state.hash.TreeHashing;
import io.keystore.state.tree.Leaf;
import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Checks an account's keystore proof against a root the caller trusts (one recorded on L1, or
 * synced to an L2), as a mini-account does on L2 (docs/spec/witness.md §5): a membership proof with
 * the configuration it commits to, or a non-membership proof plus the account's initial
 * configuration and salt (counterfactual accounts, state.md §5). The root inside the proof is the
 * node's claim and is never trusted. Stateless.
 */
public final class ProofVerifier {

  private static final BigInteger KEY_LIMIT = BigInteger.ONE.shiftLeft(160);

  private ProofVerifier() {}

  /**
   * Verifies {@code proof} for {@code account} against {@code trustedRoot}.
   *
   * @param initial the account's creation data (salt and initial settings), needed when the proof
   *     is a non-membership proof
   * @return the verified configuration, owner key and spending rules hash
   * @throws ProofVerificationException naming the check that failed
   */
  public static VerifiedAccount verify(
      AccountProof proof, Bytes32 trustedRoot, Address account, Optional<AccountCreation> initial) {
    BigInteger key = account.toBigInteger();
    if (key.signum() == 0 || key.compareTo(KEY_LIMIT) >= 0) {
      throw fail(
          ProofVerificationException.Failure.INVALID_ACCOUNT, "the zero address is not an account");
    }
    if (!proof.account().equals(account)) {
      throw fail(
          ProofVerificationException.Failure.WRONG_ACCOUNT,
          "the proof is for account " + proof.account() + ", not " + account);
    }
    return switch (proof) {
      case AccountProof.Member m -> member(m, trustedRoot, account, key);
      case AccountProof.NonMember n -> nonMember(n, trustedRoot, account, key, initial);
    };
  }

  private static VerifiedAccount member(
      AccountProof.Member m, Bytes32 root, Address account, BigInteger key) {
    Leaf leaf = m.proof().leaf();
    if (!leaf.key().toUnsignedBigInteger().equals(key)) {
      throw fail(
          ProofVerificationException.Failure.WRONG_ACCOUNT,
          "the proof's leaf holds key " + leaf.key().toHexString() + ", not account " + account);
    }
    requireRoot(leaf, m.proof().index(), m.proof().siblings(), root);
    AccountConfig config = m.config();
    if (!config.hash().toBytes().equals(leaf.value())) {
      throw fail(
          ProofVerificationException.Failure.CONFIG_MISMATCH,
          "the configuration hashes to "
              + config.hash()
              + ", but the leaf holds "
              + leaf.value().toHexString());
    }
    return new VerifiedAccount(account, root, true, config);
  }

  private static VerifiedAccount nonMember(
      AccountProof.NonMember n,
      Bytes32 root,
      Address account,
      BigInteger key,
      Optional<AccountCreation> initial) {
    Leaf low = n.proof().lowLeaf();
    BigInteger lowKey = low.key().toUnsignedBigInteger();
    BigInteger next = low.nextKey().toUnsignedBigInteger();
    if (lowKey.compareTo(key) >= 0 || (next.signum() != 0 && key.compareTo(next) >= 0)) {
      throw fail(
          ProofVerificationException.Failure.NOT_BRACKETED,
          "the low leaf ("
              + low.key().toHexString()
              + " → "
              + low.nextKey().toHexString()
              + ") does not bracket account "
              + account);
    }
    requireRoot(low, n.proof().lowLeafIndex(), n.proof().siblings(), root);
    AccountCreation creation =
        initial.orElseThrow(
            () ->
                fail(
                    ProofVerificationException.Failure.MISSING_INITIAL_CONFIG,
                    "account "
                        + account
                        + " is not in the keystore: its keys are those of its initial configuration,"
                        + " which must be given (salt and initial settings)"));
    Address derived = StateHashing.address(creation.salt(), creation.initialConfig().hash());
    if (!derived.equals(account)) {
      throw fail(
          ProofVerificationException.Failure.ADDRESS_MISMATCH,
          "the salt and initial settings give address " + derived + ", not " + account);
    }
    return new VerifiedAccount(account, root, false, creation.initialConfig());
  }

  private static void requireRoot(
      Leaf leaf, long index, java.util.List<Bytes32> siblings, Bytes32 root) {
    Bytes32 computed = TreeHashing.rootFromPath(leaf.hash(), index, siblings);
    if (!computed.equals(root)) {
      throw fail(
          ProofVerificationException.Failure.ROOT_MISMATCH,
          "the proof leads to root "
              + computed.toHexString()
              + ", not to the trusted root "
              + root.toHexString());
    }
  }

  private static ProofVerificationException fail(
      ProofVerificationException.Failure f, String message) {
    return new ProofVerificationException(f, message);
  }
}
