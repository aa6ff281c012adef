package io.keystore.state.testing;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.field;
import static io.keystore.state.testing.Fixtures.guardians;
import static io.keystore.state.testing.Fixtures.key;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.hash.Fr;

/**
 * The cast of the recovery scenarios shared by the state-transition and state-API tests: an owner,
 * three guardians (2 of 3, one day), a thief, the owner's replacement key and a stranger.
 */
public final class ScenarioAccount {

  public static final PrivateKey OWNER = key("owner");
  public static final PrivateKey G0 = key("guardian 0");
  public static final PrivateKey G1 = key("guardian 1");
  public static final PrivateKey G2 = key("guardian 2");
  public static final PrivateKey THIEF = key("thief");
  public static final PrivateKey NEW_OWNER = key("new owner");
  public static final PrivateKey STRANGER = key("stranger");
  public static final Fr RULES = field("rules: 1 ETH a day");
  public static final Fr HIGH_RULES = field("rules: 1000 ETH a day");

  /** 2 of 3 guardians, one day. */
  public static final GuardianSet GUARDIANS = guardians(2, DAY, G0, G1, G2);

  public static final Settings INITIAL = new Settings(OWNER.publicKey(), GUARDIANS, RULES);
  public static final AccountCreation CREATION = new AccountCreation(field("salt"), INITIAL);
  public static final Address ACCOUNT = CREATION.address();

  private ScenarioAccount() {}
}
