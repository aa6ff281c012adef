package io.keystore.state.tx;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.field;
import static io.keystore.state.testing.Fixtures.guardians;
import static io.keystore.state.testing.Fixtures.key;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.PendingUpdate;
import io.keystore.state.account.Settings;
import io.keystore.state.account.U64;
import io.keystore.state.crypto.PrivateKey;
import java.util.List;
import java.util.Optional;

/** Sample transactions of every type and shape. */
final class Samples {

  static final PrivateKey OWNER = key("owner");
  static final PrivateKey G0 = key("guardian 0");
  static final PrivateKey G1 = key("guardian 1");
  static final PrivateKey G2 = key("guardian 2");
  static final PrivateKey G3 = key("guardian 3");
  static final Settings SETTINGS =
      new Settings(OWNER.publicKey(), guardians(2, DAY, G0, G1, G2), field("rules"));
  static final Settings FULL =
      new Settings(G3.publicKey(), guardians(4, 30 * DAY, G0, G1, G2, G3), field("rules 2"));
  static final Settings ALONE =
      new Settings(OWNER.publicKey(), GuardianSet.none(3600), field("no rules"));
  static final AccountCreation CREATION = new AccountCreation(field("salt"), SETTINGS);

  private Samples() {}

  static List<Transaction> all() {
    var account = CREATION.address();
    return List.of(
        SIGNING.updateConfig(OWNER, account, 0, SETTINGS, Optional.empty()),
        SIGNING.updateConfig(OWNER, account, 0, FULL, Optional.of(CREATION)),
        SIGNING.updateConfig(OWNER, account, U64.MAX, ALONE, Optional.empty()),
        SIGNING.approveRecovery(G0, account, 0, G3.publicKey(), 0, Optional.empty()),
        SIGNING.approveRecovery(G2, account, 3, G3.publicKey(), 1L << 63, Optional.of(CREATION)),
        SIGNING.cancelRecovery(OWNER, account, 42),
        new Transaction.FinaliseRecovery(account));
  }

  static List<AccountConfig> configs() {
    AccountConfig base = AccountConfig.initial(SETTINGS);
    return List.of(
        base,
        AccountConfig.initial(ALONE),
        base.withNonce(U64.MAX)
            .withRecoveryEpoch(7)
            .withPendingRecovery(
                Optional.of(new PendingRecovery(G3.publicKey(), 0b101, 0b010, 1_800_000_000L)))
            .withPendingUpdate(
                Optional.of(new PendingUpdate(FULL.guardianSet(), field("x"), 1_800_000_001L))));
  }
}
