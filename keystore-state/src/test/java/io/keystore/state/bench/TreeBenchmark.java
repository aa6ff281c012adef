package io.keystore.state.bench;

import io.keystore.state.tree.IndexedMerkleTree;
import io.keystore.state.tree.MembershipProof;
import io.keystore.state.tree.TreeWitness;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Measures the indexed Merkle tree in memory on one thread and prints one JSON line per metric to
 * stdout:
 *
 * <pre>
 * {"metric": "imt_updates_per_s_memory", "value": N, "unit": "updates/s"}
 * {"metric": "imt_proofs_per_s", "value": N, "unit": "proofs/s"}
 * </pre>
 *
 * <p>First inserts the warm-up accounts (20,000 by default), then times writes for a few seconds: a
 * mix of one insert of a new key to three updates of existing keys, each producing its circuit
 * witness, as the node does; then membership proofs of random existing keys. Progress goes to
 * stderr only. Optional arguments: accounts, write seconds, proof seconds.
 */
public final class TreeBenchmark {

  private static final int INSERT_EVERY = 4; // one op in four inserts a new key

  private TreeBenchmark() {}

  public static void main(String[] args) {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    double writeSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 5.0;
    double proofSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 3.0;

    Random random = new Random(0x5eed);
    IndexedMerkleTree tree = IndexedMerkleTree.inMemory();
    List<Bytes32> keys = new ArrayList<>();

    long start = System.nanoTime();
    for (int i = 0; i < accounts; i++) {
      Bytes32 key = randomKey(random);
      tree.insert(key, randomValue(random));
      keys.add(key);
    }
    double warmup = (System.nanoTime() - start) / 1e9;
    log("warm-up: %d inserts in %.2f s (%.0f inserts/s)", accounts, warmup, accounts / warmup);

    // Writes: inserts and updates mixed, one thread.
    long ops = 0;
    long inserts = 0;
    long deadline = System.nanoTime() + (long) (writeSeconds * 1e9);
    long checksum = 0;
    start = System.nanoTime();
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < 100; i++) {
        TreeWitness witness;
        if (ops % INSERT_EVERY == 0) {
          Bytes32 key = randomKey(random);
          witness = tree.insert(key, randomValue(random));
          keys.add(key);
          inserts++;
        } else {
          witness = tree.update(keys.get(random.nextInt(keys.size())), randomValue(random));
        }
        checksum += witness.newRoot().get(31);
        ops++;
      }
    }
    double writeElapsed = (System.nanoTime() - start) / 1e9;
    double writesPerSecond = ops / writeElapsed;
    log(
        "writes: %d ops (%d inserts, %d updates) in %.2f s, %.0f µs each; tree now %d keys",
        ops, inserts, ops - inserts, writeElapsed, 1e6 / writesPerSecond, tree.size());

    // Proofs: membership proofs of random existing keys.
    long proofs = 0;
    deadline = System.nanoTime() + (long) (proofSeconds * 1e9);
    start = System.nanoTime();
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < 1_000; i++) {
        MembershipProof proof = tree.membershipProof(keys.get(random.nextInt(keys.size())));
        checksum += proof.siblings().get(i & 31).get(31);
        proofs++;
      }
    }
    double proofElapsed = (System.nanoTime() - start) / 1e9;
    double proofsPerSecond = proofs / proofElapsed;
    log(
        "proofs: %d in %.2f s, %.2f µs each (checksum %d)",
        proofs, proofElapsed, 1e6 / proofsPerSecond, checksum);

    System.out.printf(
        Locale.ROOT,
        "{\"metric\": \"imt_updates_per_s_memory\", \"value\": %.0f, \"unit\": \"updates/s\"}%n",
        writesPerSecond);
    System.out.printf(
        Locale.ROOT,
        "{\"metric\": \"imt_proofs_per_s\", \"value\": %.0f, \"unit\": \"proofs/s\"}%n",
        proofsPerSecond);
  }

  /** A random 160-bit account key (nonzero with overwhelming probability; retried if zero). */
  private static Bytes32 randomKey(Random random) {
    byte[] b = new byte[32];
    do {
      byte[] address = new byte[20];
      random.nextBytes(address);
      System.arraycopy(address, 0, b, 12, 20);
    } while (Bytes32.wrap(b).isZero());
    return Bytes32.wrap(b);
  }

  /** A random value below 2^248, so always a canonical field element. */
  private static Bytes32 randomValue(Random random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    b[0] = 0;
    return Bytes32.wrap(b);
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[tree-bench] " + format + "%n", args);
  }
}
