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
import java.util.Optional;

/** Signed transactions for the tests: each label is a new counterfactual account. */
final class DevTransactions {

  private static final BigInteger N =
      new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

  private DevTransactions() {}

  static PrivateKey key(String label) {
    return PrivateKey.of(
        Keccak256.hash(label.getBytes(StandardCharsets.UTF_8)).toUnsignedBigInteger().mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE));
  }

  static Settings settings(PrivateKey owner) {
    return new Settings(owner.publicKey(), GuardianSet.none(GuardianSet.MIN_RECOVERY_DELAY), Fr.ZERO);
  }

  static AccountCreation creation(String label) {
    return new AccountCreation(Fr.of(label.hashCode() & 0x7fffffffL), settings(key(label)));
  }

  /** Creates the account of {@code label}: its owner rotates to itself, nonce {@code nonce}. */
  static Transaction create(Eip712Domain domain, String label, long nonce) {
    AccountCreation c = creation(label);
    return new TxSigning(domain).updateConfig(key(label), c.address(), nonce, c.settings(), Optional.of(c));
  }

  static String hex(Transaction tx) {
    return TxCodec.encode(tx).toHexString();
  }
}
