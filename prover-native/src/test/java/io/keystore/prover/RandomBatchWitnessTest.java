package io.keystore.prover;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.DOMAIN;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.T0;
import static io.keystore.state.testing.Fixtures.field;
import static io.keystore.state.testing.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.Settings;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.proof.BatchWitness;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Java and the circuit agree on random histories: accounts created with and without guardians,
 * owner rotations, rules changes, recoveries approved, vetoed, cancelled and finalised, with time
 * passing at random. Every batch the Java state transition applies must satisfy batch-1 (checked
 * with the solver, without proving), whichever path of the rules it took.
 */
class RandomBatchWitnessTest {

  private static final int STEPS = 60;
  private static ProvingCircuit circuit;

  @BeforeAll
  static void loadCircuit() {
    circuit = NativeProver.load().loadCircuit("batch-1");
  }

  @AfterAll
  static void free() {
    if (circuit != null) {
      circuit.close();
    }
  }

  /** A known account: its address and creation data. */
  record Account(Address address, AccountCreation creation) {}

  @Test
  void everyBatchJavaAppliesSatisfiesTheCircuit() {
    Random random = new Random(20261121);
    List<PrivateKey> pool = new ArrayList<>();
    Map<PublicKey, PrivateKey> privateKeys = new HashMap<>();
    for (int i = 0; i < 8; i++) {
      PrivateKey k = key("random history key " + i);
      pool.add(k);
      privateKeys.put(k.publicKey(), k);
    }
    KeystoreState state = new KeystoreState(new MemoryTreeStore(), DOMAIN);
    List<Account> accounts = new ArrayList<>();
    Set<TxType> applied = EnumSet.noneOf(TxType.class);
    long time = T0;
    int checked = 0;

    for (int step = 0; step < STEPS; step++) {
      time += random.nextInt(4) == 0 ? DAY + random.nextInt(3600) : random.nextInt(600);
      Transaction tx = nextTransaction(random, pool, privateKeys, state, accounts, step);
      BatchResult result = state.applyBatch(List.of(tx), time);
      if (result.applied().isEmpty()) {
        continue; // rejected: the circuit never sees it
      }
      applied.add(tx.type());
      byte[] witness = BatchWitness.of(result, DOMAIN, 1).toBytes().toArrayUnsafe();
      String what = "step " + step + ": " + tx.type() + " " + result.applied().getFirst().effects();
      assertThatCode(() -> circuit.checkSatisfied(witness)).as(what).doesNotThrowAnyException();
      checked++;
    }
    assertThat(applied).as("transaction types applied").isEqualTo(EnumSet.allOf(TxType.class));
    assertThat(checked).isGreaterThan(STEPS / 3);
  }

  private static Transaction nextTransaction(
      Random random,
      List<PrivateKey> pool,
      Map<PublicKey, PrivateKey> privateKeys,
      KeystoreState state,
      List<Account> accounts,
      int step) {
    if (accounts.isEmpty() || random.nextInt(6) == 0) {
      return create(random, pool, accounts, step);
    }
    Account account = accounts.get(random.nextInt(accounts.size()));
    Optional<AccountConfig> current = state.account(account.address());
    if (current.isEmpty()) {
      return create(random, pool, accounts, step); // created by an approval that was rejected
    }
    AccountConfig c = current.get();
    PrivateKey owner = privateKeys.get(c.owner());
    List<PublicKey> guardians = c.guardianSet().guardians();
    Optional<PendingRecovery> pending = c.pendingRecovery();
    if (pending.isPresent() && pending.get().reachedThreshold() && random.nextBoolean()) {
      // a recovery at its threshold: a guardian's veto, then the owner's cancel it lets through
      if (pending.get().vetoes() != 0) {
        return SIGNING.cancelRecovery(owner, account.address(), c.nonce());
      }
      int index = random.nextInt(guardians.size());
      return SIGNING.approveRecovery(
          privateKeys.get(guardians.get(index)),
          account.address(),
          index,
          PendingRecovery.VETO_KEY,
          c.recoveryEpoch(),
          Optional.empty());
    }
    return switch (random.nextInt(5)) {
      case 0 -> // rotate the owner, keep the rest
          SIGNING.updateConfig(
              owner,
              account.address(),
              c.nonce(),
              new Settings(
                  pool.get(random.nextInt(pool.size())).publicKey(),
                  c.guardianSet(),
                  c.spendingRulesHash()),
              Optional.empty());
      case 1 -> // change the rules (at once without guardians, pending with)
          SIGNING.updateConfig(
              owner,
              account.address(),
              c.nonce(),
              new Settings(c.owner(), c.guardianSet(), field("rules " + random.nextInt(3))),
              Optional.empty());
      case 2 -> {
        if (guardians.isEmpty()) {
          yield new Transaction.FinaliseRecovery(account.address());
        }
        int index = random.nextInt(guardians.size());
        PublicKey proposed =
            random.nextInt(4) == 0
                ? PendingRecovery.VETO_KEY // a veto, which lets the owner's cancel through
                : pool.get(random.nextInt(2)).publicKey(); // two candidates: approvals meet
        yield SIGNING.approveRecovery(
            privateKeys.get(guardians.get(index)),
            account.address(),
            index,
            proposed,
            c.recoveryEpoch(),
            Optional.empty());
      }
      case 3 -> SIGNING.cancelRecovery(owner, account.address(), c.nonce());
      default -> new Transaction.FinaliseRecovery(account.address());
    };
  }

  /** A new account: no guardians, or 1 to 3 of them with a threshold, created by its owner. */
  private static Transaction create(
      Random random, List<PrivateKey> pool, List<Account> accounts, int step) {
    PrivateKey owner = pool.get(random.nextInt(pool.size()));
    int n = random.nextInt(4);
    List<PublicKey> guardians = new ArrayList<>();
    for (int i = 0; guardians.size() < n; i++) {
      PublicKey g = pool.get((step + 3 * i + 1) % pool.size()).publicKey();
      if (!guardians.contains(g)) {
        guardians.add(g);
      }
    }
    GuardianSet set =
        n == 0 ? GuardianSet.none(DAY) : new GuardianSet(guardians, 1 + random.nextInt(n), DAY);
    Settings settings = new Settings(owner.publicKey(), set, field("rules"));
    AccountCreation creation = new AccountCreation(field("random salt " + step), settings);
    accounts.add(new Account(creation.address(), creation));
    return SIGNING.updateConfig(owner, creation.address(), 0, settings, Optional.of(creation));
  }
}
