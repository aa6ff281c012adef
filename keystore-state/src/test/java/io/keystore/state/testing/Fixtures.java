package io.keystore.state.testing;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.Keccak256;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.tx.TxSigning;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Fixed keys, domains and settings shared by the tests. */
public final class Fixtures {

  public static final Eip712Domain DOMAIN =
      Eip712Domain.keystore(31337, Address.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3"));

  public static final TxSigning SIGNING = new TxSigning(DOMAIN);

  public static final long DAY = 24 * 3600;

  /** A batch time: 2025-01-01T00:00:00Z. */
  public static final long T0 = 1_735_689_600L;

  private Fixtures() {}

  /** A private key derived from a label. */
  public static PrivateKey key(String label) {
    return PrivateKey.of(
        Keccak256.hash(label.getBytes(StandardCharsets.UTF_8))
            .toUnsignedBigInteger()
            .mod(
                new BigInteger(
                    "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", 16))
            .add(BigInteger.ONE));
  }

  /** A field element derived from a label. */
  public static Fr field(String label) {
    return Fr.fromBigIntegerReduced(
        Keccak256.hash(label.getBytes(StandardCharsets.UTF_8)).toUnsignedBigInteger());
  }

  public static GuardianSet guardians(int threshold, long delay, PrivateKey... keys) {
    List<PublicKey> pubs = Arrays.stream(keys).map(PrivateKey::publicKey).toList();
    return new GuardianSet(pubs, threshold, delay);
  }

  public static Settings settings(PrivateKey owner, GuardianSet g, Fr rules) {
    return new Settings(owner.publicKey(), g, rules);
  }

  public static AccountCreation creation(String saltLabel, Settings s) {
    return new AccountCreation(field(saltLabel), s);
  }
}
