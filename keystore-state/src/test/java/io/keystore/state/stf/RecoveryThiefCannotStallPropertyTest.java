package io.keystore.state.stf;

import static io.keystore.state.testing.Fixtures.DAY;
import static io.keystore.state.testing.Fixtures.DOMAIN;
import static io.keystore.state.testing.Fixtures.SIGNING;
import static io.keystore.state.testing.Fixtures.T0;
import static io.keystore.state.testing.Fixtures.guardians;
import static io.keystore.state.testing.Fixtures.key;
import static io.keystore.state.testing.ScenarioAccount.ACCOUNT;
import static io.keystore.state.testing.ScenarioAccount.HIGH_RULES;
import static io.keystore.state.testing.ScenarioAccount.RULES;
import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.GuardianSet;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.account.Settings;
import io.keystore.state.crypto.PrivateKey;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Secp256k1;
import io.keystore.state.crypto.Signature;
import io.keystore.state.tx.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/**
 * Adversarial properties of social recovery (issue 17, transactions.md §6.8), as seeded random
 * searches over the state transition alone (no tree): every run draws a guardian set, a clock and
 * an adversary's strategy, plays it against honest parties who act within {@link #FORCE_DEADLINE}
 * of when they can (the time a censored party needs to force a transaction through L1), and checks
 * the outcome.
 *
 * <ol>
 *   <li>A thief holding only the owner key, who may sign any owner transaction at any time
 *       (rotations, weakening or stalling changes, cancels, finalisations, with right or wrong
 *       nonces and keys), cannot stop honest guardians: their key owns the account within {@code
 *       recoveryDelay + forceDeadline} of the batch in which their threshold is reached, and no
 *       change the thief requested to the guardians or the rules ever takes effect.
 *   <li>A colluding threshold of guardians ({@code t < n}) against an honest owner with at least
 *       one honest guardian, who veto and cancel within {@code recoveryDelay - forceDeadline} of
 *       each threshold: the colluders' key never becomes the owner.
 * </ol>
 *
 * <p>Runs: {@code -Dkeystore.recoveryProperty.runs} (10,000 each by default), seed {@code
 * -Dkeystore.recoveryProperty.seed}. A failure names the run's seed. Signed transactions are cached
 * per (signer, message) and each distinct (key, digest, signature) is verified once (the curve
 * arithmetic is the cost, and the message space is small): every rule of the transition still runs
 * on every transaction.
 */
class RecoveryThiefCannotStallPropertyTest {

  /** The state transition, with each distinct (key, digest, signature) verified once. */
  static final StateTransition STF = new StateTransition(DOMAIN, new MemoisedSignatures());

  static final class MemoisedSignatures implements StateTransition.Signatures {
    private final Map<List<Object>, Secp256k1.Verification> verified = new ConcurrentHashMap<>();
    private final Map<List<Object>, Optional<PublicKey>> recovered = new ConcurrentHashMap<>();

    @Override
    public Secp256k1.Verification verify(PublicKey key, Bytes32 digest, Signature sig) {
      return verified.computeIfAbsent(
          List.of(key, digest, sig), k -> Secp256k1.verify(key, digest, sig));
    }

    @Override
    public Optional<PublicKey> recover(Bytes32 digest, Signature sig) {
      return recovered.computeIfAbsent(List.of(digest, sig), k -> Secp256k1.recover(digest, sig));
    }
  }

  /** The L1 forced-inclusion deadline: how late a censored honest transaction may land. */
  static final long FORCE_DEADLINE = 1800;

  static final int RUNS = Integer.getInteger("keystore.recoveryProperty.runs", 10_000);
  static final long SEED = Long.getLong("keystore.recoveryProperty.seed", 0x17_17_17L);

  static final PrivateKey[] GUARDIAN_KEYS = {
    key("guardian 0"), key("guardian 1"), key("guardian 2"), key("guardian 3")
  };

  /** The stolen owner key and the keys the thief rotates to: the thief holds them all. */
  static final PrivateKey[] THIEF_KEYS = {key("owner"), key("thief"), key("thief 2")};

  /** The key the honest guardians recover to. */
  static final PrivateKey GUARDIANS_KEY = key("new owner");

  /** The key colluding guardians try to take the account with. */
  static final PrivateKey COLLUDERS_KEY = key("colluders");

  static final long[] DELAYS = {3600, DAY};

  /** A thief's stalling request: every guardian slot, all of them needed, the longest delay. */
  static final GuardianSet STALLING_GUARDIANS =
      guardians(4, GuardianSet.MAX_RECOVERY_DELAY, GUARDIAN_KEYS);

  private static final Map<List<Object>, Transaction> SIGNED = new ConcurrentHashMap<>();

  @SuppressWarnings("unchecked")
  static <T extends Transaction> T cached(List<Object> id, Supplier<T> sign) {
    return (T) SIGNED.computeIfAbsent(id, k -> sign.get());
  }

  static Transaction.UpdateConfig update(int signer, long nonce, Settings s) {
    return cached(
        List.of("update", signer, nonce, s),
        () -> SIGNING.updateConfig(THIEF_KEYS[signer], ACCOUNT, nonce, s, Optional.empty()));
  }

  static Transaction.CancelRecovery cancel(PrivateKey signer, long nonce) {
    return cached(
        List.of("cancel", signer.publicKey(), nonce),
        () -> SIGNING.cancelRecovery(signer, ACCOUNT, nonce));
  }

  static Transaction.ApproveRecovery approve(
      PrivateKey signer, int index, PublicKey proposed, long epoch) {
    return cached(
        List.of("approve", signer.publicKey(), index, proposed, epoch),
        () -> SIGNING.approveRecovery(signer, ACCOUNT, index, proposed, epoch, Optional.empty()));
  }

  static GuardianSet firstGuardians(int n, int threshold, long delay) {
    return guardians(threshold, delay, Arrays.copyOf(GUARDIAN_KEYS, n));
  }

  /** One account under play: its configuration, the batch clock, and the applied history. */
  static final class Play {
    AccountConfig config;
    long now = T0;
    final List<String> log = new ArrayList<>();

    Play(AccountConfig config) {
      this.config = config;
    }

    TransitionResult submit(String who, Transaction tx) {
      TransitionResult r = STF.apply(Optional.of(config), tx, now);
      if (r instanceof TransitionResult.Applied a) {
        config = a.newConfig();
        log.add(now + " " + who + " " + tx.type() + " -> " + a.effects());
      } else {
        log.add(
            now + " " + who + " " + tx.type() + " x " + ((TransitionResult.Rejected) r).reason());
      }
      return r;
    }

    String history() {
      return String.join("\n  ", log);
    }
  }

  /** A random step of the clock: often none (same batch time), sometimes up to twice the delay. */
  static long tick(Random rnd, long delay) {
    int p = rnd.nextInt(100);
    if (p < 30) {
      return 0;
    }
    if (p < 60) {
      return 1 + rnd.nextInt((int) FORCE_DEADLINE);
    }
    if (p < 85) {
      return 1 + (long) (rnd.nextDouble() * (delay / 2));
    }
    return 1 + (long) (rnd.nextDouble() * (2 * delay));
  }

  static void forEachRun(String property, java.util.function.Consumer<Random> run) {
    Random master = new Random(SEED ^ property.hashCode());
    for (int i = 0; i < RUNS; i++) {
      long seed = master.nextLong();
      try {
        run.accept(new Random(seed));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(property + ": run " + i + " (seed " + seed + ") failed", e);
      }
    }
  }

  // ---------------------------------------------------------------- 1. the thief

  @Test
  void thiefWithTheOwnerKeyCannotStallOrWeakenARecoveryByHonestGuardians() {
    long start = System.nanoTime();
    int[] stats = new int[2]; // thief transactions tried, of which applied
    forEachRun("thief", rnd -> thiefRun(rnd, stats));
    assertThat(stats[0]).as("the thief acted").isGreaterThan(RUNS);
    System.out.printf(
        "thief property: %d runs, %d thief transactions (%d applied), %d signed messages, %.1f s%n",
        RUNS, stats[0], stats[1], SIGNED.size(), (System.nanoTime() - start) / 1e9);
  }

  static void thiefRun(Random rnd, int[] stats) {
    int n = 1 + rnd.nextInt(4);
    int threshold = 1 + rnd.nextInt(n);
    long delay = DELAYS[rnd.nextInt(DELAYS.length)];
    GuardianSet gs = firstGuardians(n, threshold, delay);
    Play p = new Play(AccountConfig.initial(new Settings(THIEF_KEYS[0].publicKey(), gs, RULES)));
    PublicKey target = GUARDIANS_KEY.publicKey();

    // The theft happens at T0; each guardian approves within FORCE_DEADLINE of it.
    long[] approveAt = new long[n];
    boolean[] approved = new boolean[n];
    for (int i = 0; i < n; i++) {
      approveAt[i] = T0 + rnd.nextInt((int) FORCE_DEADLINE + 1);
    }
    long thresholdAt = -1;
    long finaliseAt = Long.MAX_VALUE; // someone finalises within FORCE_DEADLINE of it being due
    int thiefKey = 0; // the owner key the thief holds now
    boolean thiefFirst = rnd.nextBoolean(); // the thief may act before anyone else at T0

    for (int step = 0; step < 400; step++) {
      if (step > 0 || !thiefFirst) {
        long next = p.now + tick(rnd, delay);
        for (int i = 0; i < n; i++) {
          if (!approved[i]) {
            next = Math.min(next, approveAt[i]);
          }
        }
        p.now = Math.max(p.now, Math.min(next, finaliseAt));
      }
      // One batch at p.now: the honest parties whose time has come and the thief, in any order.
      List<Runnable> actions = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int g = i;
        if (!approved[g] && approveAt[g] <= p.now) {
          actions.add(
              () -> {
                TransitionResult r =
                    p.submit(
                        "guardian " + g,
                        approve(GUARDIAN_KEYS[g], g, target, p.config.recoveryEpoch()));
                assertThat(r.isApplied())
                    .as("an honest guardian's approval is never refused:\n  %s", p.history())
                    .isTrue();
                approved[g] = true;
              });
        }
      }
      if (finaliseAt <= p.now) {
        actions.add(
            () -> {
              TransitionResult r = p.submit("anyone", new Transaction.FinaliseRecovery(ACCOUNT));
              assertThat(r.isApplied()).as("finalised when due:\n  %s", p.history()).isTrue();
            });
      }
      int thiefMoves = rnd.nextInt(100) < 70 ? 1 + rnd.nextInt(2) : 0;
      int[] keyHolder = {thiefKey};
      for (int m = 0; m < thiefMoves; m++) {
        actions.add(() -> thiefMove(rnd, p, gs, keyHolder, stats));
      }
      Collections.shuffle(actions, rnd);
      for (Runnable a : actions) {
        if (p.config.owner().equals(target)) {
          break;
        }
        a.run();
        // No change the thief requested to the guardians or the rules ever takes effect.
        assertThat(p.config.guardianSet()).as("guardians:\n  %s", p.history()).isEqualTo(gs);
        assertThat(p.config.spendingRulesHash()).as("rules:\n  %s", p.history()).isEqualTo(RULES);
        Optional<PendingRecovery> pr = p.config.pendingRecovery();
        if (thresholdAt < 0 && pr.isPresent() && pr.get().reachedThreshold()) {
          thresholdAt = p.now;
          finaliseAt = pr.get().executableAfter() + rnd.nextInt((int) FORCE_DEADLINE + 1);
          assertThat(pr.get().proposedOwner()).isEqualTo(target);
          assertThat(thresholdAt).isLessThanOrEqualTo(T0 + FORCE_DEADLINE);
        }
      }
      thiefKey = keyHolder[0];
      if (p.config.owner().equals(target)) {
        assertThat(thresholdAt).as("threshold reached first").isGreaterThanOrEqualTo(T0);
        assertThat(p.now)
            .as(
                "recovered within recoveryDelay + forceDeadline of the threshold:\n  %s",
                p.history())
            .isLessThanOrEqualTo(thresholdAt + delay + FORCE_DEADLINE);
        assertThat(p.config.guardianSet()).isEqualTo(gs);
        assertThat(p.config.spendingRulesHash()).isEqualTo(RULES);
        assertThat(p.config.pendingRecovery()).isEmpty();
        assertThat(p.config.pendingUpdate()).isEmpty();
        return;
      }
    }
    throw new AssertionError("never recovered:\n  " + p.history());
  }

  /** One owner-key transaction (or a finalisation, or a forged approval) of the thief. */
  static void thiefMove(Random rnd, Play p, GuardianSet gs, int[] keyHolder, int[] stats) {
    int held = keyHolder[0];
    // usually the current owner key and nonce; sometimes another of its keys or a wrong nonce
    int signer = rnd.nextInt(10) == 0 ? rnd.nextInt(THIEF_KEYS.length) : held;
    long nonce = p.config.nonce() + (rnd.nextInt(10) == 0 ? rnd.nextInt(3) - 1 : 0);
    int next = rnd.nextInt(THIEF_KEYS.length);
    PublicKey nextOwner = THIEF_KEYS[next].publicKey();
    Transaction tx =
        switch (rnd.nextInt(9)) {
          case 0 -> update(signer, nonce, new Settings(nextOwner, gs, RULES)); // rotate / withdraw
          case 1 ->
              update(
                  signer,
                  nonce,
                  new Settings(nextOwner, guardians(1, 3600, THIEF_KEYS[1]), HIGH_RULES));
          case 2 ->
              update(signer, nonce, new Settings(nextOwner, GuardianSet.none(3600), HIGH_RULES));
          case 3 ->
              update(
                  signer,
                  nonce,
                  new Settings(nextOwner, STALLING_GUARDIANS, RULES)); // the slowest recovery
          case 4 -> update(signer, nonce, new Settings(nextOwner, gs, HIGH_RULES));
          case 5, 6 -> cancel(THIEF_KEYS[signer], nonce);
          case 7 -> new Transaction.FinaliseRecovery(ACCOUNT);
          default ->
              approve( // forged: the thief is no guardian (a veto, or a proposal of its own)
                  THIEF_KEYS[signer],
                  rnd.nextInt(4),
                  rnd.nextBoolean() ? PendingRecovery.VETO_KEY : nextOwner,
                  p.config.recoveryEpoch());
        };
    TransitionResult r = p.submit("thief", tx);
    stats[0]++;
    if (r instanceof TransitionResult.Applied a) {
      stats[1]++;
      assertThat(a.effects())
          .as("the thief can never cancel or veto:\n  %s", p.history())
          .doesNotContain(
              Effect.RECOVERY_CANCELLED,
              Effect.RECOVERY_VETOED,
              Effect.PENDING_UPDATE_APPLIED,
              Effect.SETTINGS_APPLIED_AT_ONCE,
              Effect.PENDING_RECOVERY_DISCARDED);
      if (tx instanceof Transaction.UpdateConfig u) {
        keyHolder[0] =
            Arrays.asList(THIEF_KEYS).stream()
                .map(PrivateKey::publicKey)
                .toList()
                .indexOf(u.newSettings().owner());
      }
    }
  }

  // ---------------------------------------------------------------- 2. colluding guardians

  @Test
  void colludingThresholdNeverTakesTheAccountFromAnOwnerWithOneHonestGuardian() {
    long start = System.nanoTime();
    int[] stats = new int[2]; // thresholds reached by the colluders, cancelled
    forEachRun("colluders", rnd -> colludersRun(rnd, stats));
    assertThat(stats[0]).as("the colluders reached their threshold").isGreaterThan(RUNS);
    assertThat(stats[1]).isEqualTo(stats[0]);
    System.out.printf(
        "colluders property: %d runs, %d thresholds reached and cancelled, %.1f s%n",
        RUNS, stats[0], (System.nanoTime() - start) / 1e9);
  }

  static void colludersRun(Random rnd, int[] stats) {
    int n = 2 + rnd.nextInt(3);
    int threshold = 1 + rnd.nextInt(n - 1); // t < n
    long delay = DELAYS[rnd.nextInt(DELAYS.length)];
    GuardianSet gs = firstGuardians(n, threshold, delay);
    PrivateKey owner = THIEF_KEYS[0]; // here the owner is honest and keeps its key
    Play p = new Play(AccountConfig.initial(new Settings(owner.publicKey(), gs, RULES)));
    PublicKey evil = COLLUDERS_KEY.publicKey();

    // Colluders: a random set of at least `threshold` guardians, never all of them.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, rnd);
    int colluding = threshold + rnd.nextInt(n - threshold);
    List<Integer> colluders = order.subList(0, colluding);
    List<Integer> honest = order.subList(colluding, n);

    long horizon = T0 + (2 + rnd.nextInt(4)) * delay;
    boolean roundOpen = false; // a threshold the honest side has not cancelled yet
    long vetoAt = Long.MAX_VALUE;
    long cancelAt = Long.MAX_VALUE;
    int vetoer = -1;
    boolean vetoed = false;

    for (int step = 0; step < 1000 && (p.now <= horizon || roundOpen); step++) {
      long next = p.now + tick(rnd, delay);
      p.now = Math.max(p.now, Math.min(next, vetoed ? cancelAt : vetoAt));
      // The colluders, in any order: approvals of their key (or of a decoy), vetoes, finalisations.
      int moves = rnd.nextInt(100) < 75 ? 1 + rnd.nextInt(3) : 0;
      List<Integer> batch = new ArrayList<>();
      for (int m = 0; m < moves; m++) {
        batch.add(colluders.get(rnd.nextInt(colluders.size())));
      }
      // The honest guardian's veto at its time, anywhere in the batch.
      if (roundOpen && !vetoed && vetoAt <= p.now) {
        batch.add(rnd.nextInt(batch.size() + 1), -1 - vetoer);
      }
      for (int who : batch) {
        long epoch = p.config.recoveryEpoch();
        if (who < 0) {
          int h = -1 - who;
          TransitionResult r =
              p.submit(
                  "honest guardian " + h,
                  approve(GUARDIAN_KEYS[h], h, PendingRecovery.VETO_KEY, epoch));
          assertThat(r.isApplied()).as("the honest veto lands:\n  %s", p.history()).isTrue();
          vetoed = true;
        } else {
          int kind = rnd.nextInt(10);
          PublicKey proposed =
              kind < 6 ? evil : kind < 7 ? GUARDIANS_KEY.publicKey() : PendingRecovery.VETO_KEY;
          Transaction tx =
              kind < 8
                  ? approve(GUARDIAN_KEYS[who], who, proposed, epoch)
                  : new Transaction.FinaliseRecovery(ACCOUNT);
          p.submit("colluder " + who, tx);
        }
        assertThat(p.config.owner())
            .as("the colluders never own the account:\n  %s", p.history())
            .isEqualTo(owner.publicKey());
        Optional<PendingRecovery> pr = p.config.pendingRecovery();
        if (!roundOpen && pr.isPresent() && pr.get().reachedThreshold()) {
          // A threshold: one honest guardian vetoes and the owner cancels, both within
          // recoveryDelay - forceDeadline of this batch.
          roundOpen = true;
          stats[0]++;
          long latest = p.now + delay - FORCE_DEADLINE;
          vetoer = honest.get(rnd.nextInt(honest.size()));
          vetoAt = p.now + (long) (rnd.nextDouble() * (latest - p.now));
          cancelAt = vetoAt + (long) (rnd.nextDouble() * (latest - vetoAt));
          vetoed = false;
        }
      }
      if (vetoed && cancelAt <= p.now) {
        TransitionResult r = p.submit("owner", cancel(owner, p.config.nonce()));
        assertThat(r.isApplied()).as("the owner's cancel lands:\n  %s", p.history()).isTrue();
        assertThat(p.config.pendingRecovery()).isEmpty();
        stats[1]++;
        roundOpen = false;
        vetoed = false;
        vetoAt = Long.MAX_VALUE;
        cancelAt = Long.MAX_VALUE;
      }
    }
    assertThat(roundOpen).as("every threshold was cancelled:\n  %s", p.history()).isFalse();
    assertThat(p.config.owner()).isEqualTo(owner.publicKey());
  }
}
