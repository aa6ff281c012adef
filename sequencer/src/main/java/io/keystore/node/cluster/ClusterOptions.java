package io.keystore.node.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a process joins the provers' cluster: the node, or a prover worker.
 *
 * @param host the address this process listens on and is known by (Hazelcast and the event bus)
 * @param port the Hazelcast member port (the event bus takes a free port beside it)
 * @param members {@code host:port} of the other members to find (a TCP/IP member list; no
 *     multicast); may include this process
 * @param secret the cluster secret: the event bus's TLS key and the cluster name come from it
 *     ({@link ClusterSecret}); without one, the cluster runs in plaintext, allowed on loopback only
 * @param lease how long a worker holds a job without renewing its lease
 */
public record ClusterOptions(
    String host, int port, List<String> members, Optional<String> secret, Duration lease) {

  /** The lease when none is configured. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  /** The smallest secret accepted: 128 bits' worth of characters from a generator. */
  public static final int MIN_SECRET_LENGTH = 16;

  public ClusterOptions {
    members = List.copyOf(members);
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("--cluster-port must be 1 to 65535, not " + port);
    }
    for (String m : members) {
      int colon = m.lastIndexOf(':');
      if (colon <= 0 || colon == m.length() - 1) {
        throw new IllegalArgumentException(
            "--cluster-members takes host:port,...; \"" + m + "\" is not host:port");
      }
    }
    if (secret.isPresent() && secret.get().length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          "the cluster secret must have at least " + MIN_SECRET_LENGTH + " characters");
    }
    if (secret.isEmpty() && !loopback(host)) {
      throw new IllegalArgumentException(
          "a cluster on "
              + host
              + " needs a cluster secret (--cluster-secret-file or KEYSTORE_CLUSTER_SECRET):"
              + " without one it runs in plaintext, allowed on loopback only");
    }
    if (lease.toMillis() < 1_000) {
      throw new IllegalArgumentException("the worker lease must be 1 s or more, not " + lease);
    }
  }

  /** True when the cluster runs in plaintext (no secret: loopback only). */
  public boolean plaintext() {
    return secret.isEmpty();
  }

  /** Everything but the secret, which never reaches a log. */
  @Override
  public String toString() {
    return "ClusterOptions[host="
        + host
        + ", port="
        + port
        + ", members="
        + members
        + ", secret="
        + (secret.isPresent() ? "<redacted>" : "none (plaintext)")
        + ", lease="
        + lease
        + "]";
  }

  static boolean loopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }
}
