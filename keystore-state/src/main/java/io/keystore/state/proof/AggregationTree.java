package io.keystore.state.proof;

import io.keystore.state.crypto.Keccak256;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The aggregation tree of docs/spec/aggregation.md §3–4, as the L1 contract recomputes it: batch
 * proofs (leaves) paired left to right, level by level, each pair the node of one {@code
 * aggregate-2} proof; a lone last node moves up as it is. A tree of {@code n ≥ 2} leaves takes
 * {@code n − 1} aggregation proofs.
 */
public final class AggregationTree {

  /** The fan-in of the aggregation circuit ({@code aggregate-2}). */
  public static final int FAN_IN = 2;

  /** A proof as its parent sees it: the hash of its verifying key and its public input. */
  public record Node(Bytes32 keyHash, Bytes32 input) {}

  /**
   * One level above the leaves: each node of it with the positions of its children in the level
   * below ({@code right} empty when the node is a lone one moved up, i.e. no proof to make).
   */
  public record Step(int left, java.util.OptionalInt right, Node node) {
    /** Whether this node needs an aggregation proof (it pairs two children). */
    public boolean paired() {
      return right.isPresent();
    }
  }

  private AggregationTree() {}

  /**
   * The public input of an aggregation of {@code entries} (at most {@link #FAN_IN}): Keccak-256 of
   * keyHash ‖ input per entry, 64 zero bytes per unused one, top three bits cleared (§3).
   */
  public static Bytes32 publicInput(List<Node> entries) {
    if (entries.isEmpty() || entries.size() > FAN_IN) {
      throw new IllegalArgumentException(
          entries.size() + " entries for an aggregation of fan-in " + FAN_IN);
    }
    byte[] msg = new byte[64 * FAN_IN];
    for (int i = 0; i < entries.size(); i++) {
      System.arraycopy(entries.get(i).keyHash().toArrayUnsafe(), 0, msg, 64 * i, 32);
      System.arraycopy(entries.get(i).input().toArrayUnsafe(), 0, msg, 64 * i + 32, 32);
    }
    byte[] digest = Keccak256.hash(msg).toArray();
    digest[0] &= 0x1f;
    return Bytes32.wrap(digest);
  }

  /** The node of the aggregation proof of {@code a} and {@code b}. */
  public static Node pair(Node a, Node b, Bytes32 aggregationKeyHash) {
    return new Node(aggregationKeyHash, publicInput(List.of(a, b)));
  }

  /** The level above {@code nodes}. */
  public static List<Step> level(List<Node> nodes, Bytes32 aggregationKeyHash) {
    List<Step> next = new ArrayList<>((nodes.size() + 1) / 2);
    for (int j = 0; j < nodes.size(); j += 2) {
      if (j + 1 < nodes.size()) {
        next.add(
            new Step(
                j,
                java.util.OptionalInt.of(j + 1),
                pair(nodes.get(j), nodes.get(j + 1), aggregationKeyHash)));
      } else {
        next.add(new Step(j, java.util.OptionalInt.empty(), nodes.get(j)));
      }
    }
    return next;
  }

  /**
   * Every level above the leaves, bottom up: the last holds the root alone. At least two leaves.
   */
  public static List<List<Step>> levels(List<Node> leaves, Bytes32 aggregationKeyHash) {
    if (leaves.size() < 2) {
      throw new IllegalArgumentException(
          "an aggregation tree has at least two leaves, got " + leaves.size());
    }
    List<List<Step>> out = new ArrayList<>();
    List<Node> nodes = leaves;
    while (nodes.size() > 1) {
      List<Step> next = level(nodes, aggregationKeyHash);
      out.add(next);
      nodes = next.stream().map(Step::node).toList();
    }
    return out;
  }

  /** The root: its input is the one public input of the proof submitted to L1. */
  public static Node root(List<Node> leaves, Bytes32 aggregationKeyHash) {
    List<List<Step>> levels = levels(leaves, aggregationKeyHash);
    return levels.getLast().getFirst().node();
  }

  /** The bytes a node is written as in a parent's public bytes: keyHash ‖ input. */
  public static Bytes bytes(Node node) {
    return Bytes.concatenate(node.keyHash(), node.input());
  }
}
