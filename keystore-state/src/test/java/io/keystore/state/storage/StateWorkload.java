package io.keystore.state.storage;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.field;
import static io.keystore.state.testing.Fixtures.key;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A seeded workload of keystore batches, the same in the test JVM and in the crash child: account
 * creations (with and without a guardian), owner rotations and spending-rules changes (at once
 * without guardians, pending with one). Every transaction it makes applies; it tracks each
 * account's owner and nonce itself.
 */
final class StateWorkload {

  /** The batch time of batch {@code n}: a minute apart. */
  static long time(long n) {
    return io.keystore.state.testing.Fixtures.T0 + 60 * n;
  }

  private final long seed;
  private final Random random;
  private final List<Account> accounts = new ArrayList<>();
  private long batches;
  private int keys;

  StateWorkload(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  /** An account of the workload: its address, and its owner and nonce as of the last batch made. */
  static final class Account {
    final Address address;
    final GuardianSet guardians;
    PrivateKey owner;
    long nonce;
    Fr rules;

    Account(Address address, GuardianSet guardians, PrivateKey owner, Fr rules) {
      this.address = address;
      this.guardians = guardians;
      this.owner = owner;
      this.rules = rules;
    }
  }

  /** The accounts created so far. */
  List<Address> addresses() {
    return accounts.stream().map(a -> a.address).toList();
  }

  /** The next batch of {@code ops} transactions. */
  List<Transaction> nextBatch(int ops) {
    batches++;
    List<Transaction> txs = new ArrayList<>(ops);
    for (int i = 0; i < ops; i++) {
      txs.add(accounts.isEmpty() || random.nextInt(3) == 0 ? create() : change());
    }
    return txs;
  }

  /** Makes the next batch and applies it to {@code state} at its batch time. */
  BatchResult applyBatch(KeystoreState state, int ops) {
    List<Transaction> txs = nextBatch(ops);
    BatchResult r = state.applyBatch(txs, time(batches));
    if (r.applied().size() != txs.size()) {
      throw new AssertionError("a workload transaction was rejected: " + r.rejected());
    }
    return r;
  }

  private PrivateKey newKey() {
    return key("workload " + seed + " key " + keys++);
  }

  private Transaction create() {
    PrivateKey owner = newKey();
    GuardianSet guardians =
        random.nextBoolean()
            ? GuardianSet.none(3600)
            : new GuardianSet(List.of(newKey().publicKey()), 1, DAY);
    Fr rules = field("workload rules " + random.nextInt(4));
    Settings settings = new Settings(owner.publicKey(), guardians, rules);
    AccountCreation creation =
        new AccountCreation(field("workload " + seed + " salt " + keys), settings);
    Account a = new Account(creation.address(), guardians, owner, rules);
    accounts.add(a);
    a.nonce = 1;
    return SIGNING.updateConfig(owner, a.address, 0, settings, Optional.of(creation));
  }

  private Transaction change() {
    Account a = accounts.get(random.nextInt(accounts.size()));
    PrivateKey signer = a.owner;
    if (random.nextBoolean()) {
      a.owner = newKey();
    }
    Fr rules = random.nextInt(4) == 0 ? field("workload rules " + random.nextInt(100)) : a.rules;
    if (a.guardians.size() == 0) {
      a.rules = rules; // applies at once; with a guardian it waits as a pending update
    }
    Settings wanted = new Settings(a.owner.publicKey(), a.guardians, rules);
    return SIGNING.updateConfig(signer, a.address, a.nonce++, wanted, Optional.empty());
  }
}
