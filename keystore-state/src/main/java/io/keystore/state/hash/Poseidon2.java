package io.keystore.state.hash;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The Poseidon2 permutation over BN254 and its two-to-one compression function, bit for bit those
 * of gnark-crypto v0.21.0 {@code ecc/bn254/fr/poseidon2} with its default parameters: width 2, 6
 * full rounds (3 before, 3 after) and 50 partial rounds, S-box x^5, round keys derived from the
 * seed {@code "Poseidon2-BN254[t=2,rF=6,rP=50,d=5]"}.
 *
 * <p>Compression is {@code compress(left, right) = permute(left, right)[1] + right}. All methods
 * are static and thread-safe: the only shared state is the immutable round keys.
 */
public final class Poseidon2 {

  /** State width t. */
  public static final int WIDTH = 2;

  /** Full rounds, half before and half after the partial rounds. */
  public static final int FULL_ROUNDS = 6;

  public static final int PARTIAL_ROUNDS = 50;

  /** The S-box exponent. */
  public static final int SBOX_DEGREE = 5;

  /** The string the round keys are derived from. */
  public static final String SEED =
      "Poseidon2-BN254[t="
          + WIDTH
          + ",rF="
          + FULL_ROUNDS
          + ",rP="
          + PARTIAL_ROUNDS
          + ",d="
          + SBOX_DEGREE
          + "]";

  private static final int HALF_FULL_ROUNDS = FULL_ROUNDS / 2;

  /** Round keys by round: two for a full round, one (for lane 0) for a partial round. */
  private static final List<List<Fr>> ROUND_KEYS =
      deriveRoundKeys(SEED, WIDTH, FULL_ROUNDS, PARTIAL_ROUNDS);

  /**
   * The round keys in the order the permutation uses them, as normalized {@link Mont52} limbs
   * (Montgomery form with R = 2^260, fully reduced), five per key.
   */
  private static final long[] KEY_LIMBS = flatten(ROUND_KEYS);

  /** Longs per round key in {@link #KEY_LIMBS}. */
  private static final int KEY = 5;

  private Poseidon2() {}

  // ---------------------------------------------------------------- public entry points

  /**
   * gnark-crypto's compression: the second lane of the permutation of (left, right), plus right.
   *
   * @throws IllegalArgumentException if either input is not a canonical field element
   */
  public static Bytes32 compress(Bytes32 left, Bytes32 right) {
    return compress(Fr.fromBytes(left), Fr.fromBytes(right)).toBytes();
  }

  /** gnark-crypto's compression on field elements; the fast entry point. */
  public static Fr compress(Fr left, Fr right) {
    State state = new State(left, right);
    state.permute();
    return state.compressOutput();
  }

  /** The permutation of the state (left, right); returns the new state as a fresh array of two. */
  public static Fr[] permute(Fr left, Fr right) {
    State state = new State(left, right);
    state.permute();
    return new Fr[] {state.a.toFr(), state.b.toFr()};
  }

  /**
   * x^(5^n): n S-boxes in a row on the permutation's own arithmetic. For the benchmark, which times
   * the S-box alone: 62 of them (three Montgomery products each) are about 90 % of a hash.
   */
  public static Fr sboxChain(Fr x, int n) {
    Mont52 a = new Mont52();
    Mont52 b = new Mont52();
    a.set(x);
    for (int i = 0; i < n; i++) {
      b.pow5(a);
      a.set(b);
    }
    return a.toFr();
  }

  // ---------------------------------------------------------------- the permutation

  /**
   * The two lanes and scratch registers of one permutation, in {@link Mont52} (52-bit limbs).
   *
   * <p>Values are only partly reduced between steps. The bounds in the comments are multiples of r;
   * what the steps need: S-box inputs below 8r (then the output is below 1.1r, see {@link Mont52}),
   * inputs of {@code reduce} below 2^260 ≈ 85r (it brings them below 1.34r), outputs below 2^256 ≈
   * 5.29r. Additions are limb-wise and cannot overflow a limb: every step normalizes its result.
   * Nothing here allocates but the result.
   */
  private static final class State {
    final Mont52 a = new Mont52();
    final Mont52 b = new Mont52();
    private final Mont52 right = new Mont52();
    private final Mont52 s = new Mont52();

    State(Fr left, Fr right) {
      a.set(left); // < 1.34r
      b.set(right);
      this.right.set(b);
    }

    /** Runs the permutation on (a, b); inputs below 1.34r, outputs below 3.3r. */
    void permute() {
      int k = 0; // offset into KEY_LIMBS
      externalMatrix(); // < 4.02r
      for (int round = 0; round < HALF_FULL_ROUNDS; round++) {
        k = fullRound(k);
      }
      k = partialRounds(k);
      for (int round = 0; round < HALF_FULL_ROUNDS; round++) {
        k = fullRound(k);
      }
    }

    /** After {@link #permute()}: b + right, fully reduced. */
    Fr compressOutput() {
      b.add(b, right); // < 3.3r + 1.34r < 2^256
      return b.toFr();
    }

    /** (a, b) = (2a + b, 2b + a), the matrix [[2,1],[1,2]]; inputs below 1.34r give < 4.02r. */
    private void externalMatrix() {
      s.set(a);
      a.twicePlus(a, b); // 2a + b
      b.twicePlus(b, s); // 2b + a
    }

    /**
     * Adds two round keys, applies the S-box to both lanes, then the external matrix. Inputs below
     * 4.1r (after the keys < 5.1r < 8r), S-box outputs below 1.1r, outputs below 3.3r.
     */
    private int fullRound(int k) {
      a.addKey(a, KEY_LIMBS, k);
      b.addKey(b, KEY_LIMBS, k + KEY);
      a.pow5(a);
      b.pow5(b);
      externalMatrix();
      return k + 2 * KEY;
    }

    /**
     * The partial rounds: add one round key to lane a, apply the S-box to lane a, then the internal
     * matrix (a, b) = (2a + b, a + 3b). The round key of the next round is folded into the matrix:
     * a + key' = 2s + b + key', where s is the S-box output. Lane a stays below 2.2r + 3.3r + r =
     * 6.5r < 8r; lane b is reduced every round (3b + s < 11r, reduced to < 1.34r).
     */
    private int partialRounds(int k) {
      a.addKey(a, KEY_LIMBS, k); // < 3.3r + r
      k += KEY;
      for (int round = 0; round < PARTIAL_ROUNDS; round++) {
        s.pow5(a); // < 1.1r
        if (round < PARTIAL_ROUNDS - 1) {
          a.twicePlusKey(s, b, KEY_LIMBS, k); // 2s + b + key' < 6.5r
          k += KEY;
        } else {
          a.twicePlus(s, b); // 2s + b < 3.6r (b was reduced in the round before)
        }
        b.thricePlusReduced(b, s); // 3b + s < 11r, reduced to < 1.34r
      }
      return k; // a < 3.6r, b < 1.34r
    }
  }

  // ---------------------------------------------------------------- round keys

  /** The round keys in use, by round (an unmodifiable view). */
  static List<List<Fr>> roundKeys() {
    return ROUND_KEYS;
  }

  /**
   * gnark-crypto's round-key derivation: rnd = keccak256(seed); then for each key in order, rnd =
   * keccak256(rnd) and the key is rnd read big-endian, reduced mod r. Legacy Keccak, not SHA-3.
   */
  static List<List<Fr>> deriveRoundKeys(String seed, int width, int fullRounds, int partialRounds) {
    byte[] rnd = keccak256(seed.getBytes(StandardCharsets.UTF_8));
    int half = fullRounds / 2;
    int rounds = fullRounds + partialRounds;
    List<List<Fr>> keys = new ArrayList<>(rounds);
    for (int round = 0; round < rounds; round++) {
      boolean full = round < half || round >= half + partialRounds;
      int count = full ? width : 1;
      List<Fr> roundKeys = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        rnd = keccak256(rnd);
        roundKeys.add(Fr.fromBigIntegerReduced(new BigInteger(1, rnd)));
      }
      keys.add(List.copyOf(roundKeys));
    }
    return List.copyOf(keys);
  }

  private static byte[] keccak256(byte[] input) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  private static long[] flatten(List<List<Fr>> keys) {
    long[] limbs = new long[KEY * keys.stream().mapToInt(List::size).sum()];
    int k = 0;
    for (List<Fr> round : keys) {
      for (Fr key : round) {
        System.arraycopy(Mont52.limbsOf(key), 0, limbs, k, KEY);
        k += KEY;
      }
    }
    return limbs;
  }
}
