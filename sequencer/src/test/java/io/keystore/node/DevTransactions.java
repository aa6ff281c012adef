package io.keystore.node;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.Keccak256;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import io.keystore.state.tx.TxSigning;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signed transactions for the tests (public for the acceptance tests): each label is a new
 * counterfactual account.
 */
public final class DevTransactions {

  private static final BigInteger N =
      new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

  private DevTransactions() {}

  public static PrivateKey key(String label) {
    return PrivateKey.of(
        Keccak256.hash(label.getBytes(StandardCharsets.UTF_8))
            .toUnsignedBigInteger()
            .mod(N.subtract(BigInteger.ONE))
            .add(BigInteger.ONE));
  }

  public static Settings settings(PrivateKey owner) {
    return new Settings(
        owner.publicKey(), GuardianSet.none(GuardianSet.MIN_RECOVERY_DELAY), Fr.ZERO);
  }

  public static AccountCreation creation(String label) {
    return new AccountCreation(Fr.of(label.hashCode() & 0x7fffffffL), settings(key(label)));
  }

  /** Creates the account of {@code label}: its owner rotates to itself, nonce {@code nonce}. */
  public static Transaction create(Eip712Domain domain, String label, long nonce) {
    AccountCreation c = creation(label);
    return new TxSigning(domain)
        .updateConfig(key(label), c.address(), nonce, c.settings(), Optional.of(c));
  }

  public static String hex(Transaction tx) {
    return TxCodec.encode(tx).toHexString();
  }

  /** The hex encodings of {@code count} account creations, each for a new random account. */
  public static List<String> randomCreations(Eip712Domain domain, int count) {
    TxSigning signing = new TxSigning(domain);
    SecureRandom random = new SecureRandom();
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      PrivateKey owner = PrivateKey.random(random);
      Settings s = settings(owner);
      AccountCreation c = new AccountCreation(Fr.of(i), s);
      out.add(hex(signing.updateConfig(owner, c.address(), 0, s, Optional.of(c))));
    }
    return out;
  }
}
