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
 * <p>Compression is {@code compress(left, right) = permute(left, right)[1] + right}. All methods are
 * static and thread-safe: the only shared state is the immutable round keys.
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

  /** The round keys in the order the permutation uses them, Montgomery limbs, four per key. */
  private static final long[] KEY_LIMBS = flatten(ROUND_KEYS);

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
    FrMont a = new FrMont(left);
    FrMont b = new FrMont(right);
    FrMont scratch = new FrMont();
    permute(a, b, scratch);
    scratch.set(right);
    b.add(b, scratch);
    return b.toFr();
  }

  /** The permutation of the state (left, right); returns the new state as a fresh array of two. */
  public static Fr[] permute(Fr left, Fr right) {
    FrMont a = new FrMont(left);
    FrMont b = new FrMont(right);
    permute(a, b, new FrMont());
    return new Fr[] {a.toFr(), b.toFr()};
  }

  // ---------------------------------------------------------------- the permutation

  /** Permutes the state (a, b) in place; {@code t} is scratch. */
  static void permute(FrMont a, FrMont b, FrMont t) {
    int k = 0; // offset into KEY_LIMBS
    externalMatrix(a, b, t);
    for (int round = 0; round < HALF_FULL_ROUNDS; round++) {
      k = fullRound(a, b, t, k);
    }
    for (int round = 0; round < PARTIAL_ROUNDS; round++) {
      k = partialRound(a, b, t, k);
    }
    for (int round = 0; round < HALF_FULL_ROUNDS; round++) {
      k = fullRound(a, b, t, k);
    }
  }

  /** Adds two round keys, applies the S-box to both lanes, then the external matrix. */
  private static int fullRound(FrMont a, FrMont b, FrMont t, int k) {
    a.addConstant(KEY_LIMBS, k);
    b.addConstant(KEY_LIMBS, k + 4);
    a.pow5(a);
    b.pow5(b);
    externalMatrix(a, b, t);
    return k + 8;
  }

  /** Adds one round key to lane 0, applies the S-box to lane 0, then the internal matrix. */
  private static int partialRound(FrMont a, FrMont b, FrMont t, int k) {
    a.addConstant(KEY_LIMBS, k);
    a.pow5(a);
    internalMatrix(a, b, t);
    return k + 4;
  }

  /** (a, b) = (2a + b, a + 2b), the matrix [[2,1],[1,2]]. */
  private static void externalMatrix(FrMont a, FrMont b, FrMont t) {
    t.add(a, b);
    a.add(a, t);
    b.add(b, t);
  }

  /** (a, b) = (2a + b, a + 3b), the matrix [[2,1],[1,3]]. */
  private static void internalMatrix(FrMont a, FrMont b, FrMont t) {
    t.add(a, b);
    a.add(a, t);
    b.add(b, b);
    b.add(b, t);
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
  static List<List<Fr>> deriveRoundKeys(
      String seed, int width, int fullRounds, int partialRounds) {
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
    long[] limbs = new long[4 * keys.stream().mapToInt(List::size).sum()];
    int k = 0;
    for (List<Fr> round : keys) {
      for (Fr key : round) {
        limbs[k++] = key.m0;
        limbs[k++] = key.m1;
        limbs[k++] = key.m2;
        limbs[k++] = key.m3;
      }
    }
    return limbs;
  }
}
