package io.keystore.state.bench;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.Settings;
import io.keystore.state.api.BatchResult;
import io.keystore.state.api.KeystoreState;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.crypto.Keccak256;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.hash.Fr;
import io.keystore.state.tree.MemoryTreeStore;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxSigning;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Measures {@link KeystoreState} applying transactions in memory on one thread and prints one JSON
 * line to stdout:
 *
 * <pre>
 * {"metric": "state_apply_tx_per_s", "value": N, "unit": "tx/s"}
 * </pre>
 *
 * <p>Creates the accounts (each with two guardians), then pre-signs rounds of UpdateConfig owner
 * rotations, one per account per round; signing is not timed. Applies the first rounds untimed
 * (warm-up), then times the rest in batches of 100: signature verification, the state transition,
 * the configuration checks and the tree writes with their witnesses. Progress goes to stderr.
 * Optional arguments: accounts (500), warm-up rounds (2), timed rounds (6).
 */
public final class StateBenchmark {

  private static final int BATCH = 100;
  private static final long TIME = 1_735_689_600L;
  private static final BigInteger N =
      new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

  private StateBenchmark() {}

  public static void main(String[] args) {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int warmupRounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int timedRounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    int rounds = warmupRounds + timedRounds;

    Eip712Domain domain =
        Eip712Domain.keystore(31337, Address.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3"));
    TxSigning signing = new TxSigning(domain);
    KeystoreState state = new KeystoreState(new MemoryTreeStore(), domain);

    GuardianSet guardians =
        new GuardianSet(
            List.of(key("guardian 0").publicKey(), key("guardian 1").publicKey()), 1, 86_400);
    Fr rules = Fr.fromBigIntegerReduced(BigInteger.valueOf(42));

    long t0 = System.nanoTime();
    List<Transaction> creations = new ArrayList<>(accounts);
    List<Address> addresses = new ArrayList<>(accounts);
    PrivateKey[][] owners = new PrivateKey[accounts][rounds + 1];
    for (int i = 0; i < accounts; i++) {
      for (int r = 0; r <= rounds; r++) {
        owners[i][r] = key("account " + i + " owner " + r);
      }
      Settings initial = new Settings(owners[i][0].publicKey(), guardians, rules);
      AccountCreation creation =
          new AccountCreation(Fr.fromBigIntegerReduced(BigInteger.valueOf(i + 1)), initial);
      Address a = creation.address();
      addresses.add(a);
      creations.add(signing.updateConfig(owners[i][0], a, 0, initial, Optional.of(creation)));
    }
    // Round r rotates account i from owners[i][r] to owners[i][r + 1], at nonce r + 1.
    List<Transaction> rotations = new ArrayList<>(accounts * rounds);
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < accounts; i++) {
        PublicKey next = owners[i][r + 1].publicKey();
        rotations.add(
            signing.updateConfig(
                owners[i][r],
                addresses.get(i),
                r + 1,
                new Settings(next, guardians, rules),
                Optional.empty()));
      }
    }
    System.err.printf(
        Locale.ROOT,
        "signed %d creations and %d rotations in %.1f s%n",
        creations.size(),
        rotations.size(),
        (System.nanoTime() - t0) / 1e9);

    int warmup = warmupRounds * accounts;
    applyAll(state, creations);
    applyAll(state, rotations.subList(0, warmup));
    List<Transaction> timed = rotations.subList(warmup, rotations.size());
    System.err.printf(Locale.ROOT, "warm-up done; timing %d transactions%n", timed.size());

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    applyAll(state, timed);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    double perSecond = timed.size() / seconds;
    System.err.printf(
        Locale.ROOT,
        "%d transactions in %.3f s (%.3f s of this thread's CPU time: %.0f tx/s of CPU), %d accounts"
            + " in the tree%n",
        timed.size(),
        seconds,
        cpuSeconds,
        timed.size() / cpuSeconds,
        state.size());
    System.out.printf(
        Locale.ROOT,
        "{\"metric\": \"state_apply_tx_per_s\", \"value\": %.1f, \"unit\": \"tx/s\"}%n",
        perSecond);
  }

  private static void applyAll(KeystoreState state, List<Transaction> txs) {
    for (int from = 0; from < txs.size(); from += BATCH) {
      BatchResult r = state.applyBatch(txs.subList(from, Math.min(txs.size(), from + BATCH)), TIME);
      if (!r.rejected().isEmpty()) {
        throw new IllegalStateException("unexpected rejection: " + r.rejected().get(0));
      }
    }
  }

  private static PrivateKey key(String label) {
    BigInteger d =
        Keccak256.hash(label.getBytes(StandardCharsets.UTF_8))
            .toUnsignedBigInteger()
            .mod(N.subtract(BigInteger.ONE))
            .add(BigInteger.ONE);
    return PrivateKey.of(d);
  }
}
