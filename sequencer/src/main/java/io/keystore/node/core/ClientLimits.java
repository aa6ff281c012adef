package io.keystore.node.core;

import io.keystore.node.core.AdmissionLimits.ClientQuota;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-client quotas: a token bucket per remote address (IPv6: per /64, the block one host
 * usually holds) and per known API key. Each transaction the node judges costs its client a token;
 * a resubmission of a transaction already known costs none.
 */
final class ClientLimits {

  /** A client: the bucket it draws from and its quota (none in process). */
  record Client(String name, Optional<ClientQuota> quota) {}

  /** Past this many buckets, idle (full) ones are dropped, at most once a second. */
  static final int MAX_TRACKED = 65_536;

  private final AdmissionLimits limits;
  private final Clock clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep = new AtomicLong();

  ClientLimits(AdmissionLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /** The caller's client; empty when it presents an API key the node does not know. */
  Optional<Client> identify(Caller caller) {
    if (caller.apiKey().isPresent()) {
      return limits
          .apiKeys()
          .clientOf(caller.apiKey().get())
          .map(name -> new Client("api key " + name, limits.perApiKey()));
    }
    return Optional.of(
        caller
            .address()
            .map(a -> new Client("address " + addressGroup(a), limits.perAddress()))
            .orElse(new Client("in process", Optional.empty())));
  }

  /** Takes one of the client's tokens: empty if it had one, else how long until it has one. */
  Optional<Duration> take(Client client) {
    if (client.quota().isEmpty()) {
      return Optional.empty();
    }
    ClientQuota quota = client.quota().get();
    long now = clock.millis();
    Bucket bucket = buckets.get(client.name());
    if (bucket == null) {
      sweepIfCrowded(now);
      bucket = buckets.computeIfAbsent(client.name(), n -> new Bucket(quota, now));
    }
    return bucket.take(now);
  }

  /** How many buckets are kept (for tests). */
  int tracked() {
    return buckets.size();
  }

  private void sweepIfCrowded(long now) {
    long last = lastSweep.get();
    if (buckets.size() >= MAX_TRACKED && now - last >= 1000 && lastSweep.compareAndSet(last, now)) {
      buckets.values().removeIf(b -> b.idle(now));
    }
  }

  /**
   * The address a quota belongs to: an IPv4 address itself, an IPv6 address's /64 (one host, or one
   * customer, usually holds a whole /64, so a quota per address would be no limit there).
   */
  static String addressGroup(String address) {
    if (!address.contains(":")) {
      return address;
    }
    try {
      InetAddress a = InetAddress.getByName(address); // an IPv6 literal: parsed, never looked up
      if (!(a instanceof Inet6Address)) {
        return a.getHostAddress();
      }
      byte[] b = a.getAddress();
      return String.format("%x:%x:%x:%x::/64", word(b, 0), word(b, 2), word(b, 4), word(b, 6));
    } catch (UnknownHostException e) {
      return address;
    }
  }

  private static int word(byte[] b, int i) {
    return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
  }

  /** A token bucket, refilled lazily at each use. */
  private static final class Bucket {
    private final ClientQuota quota;
    private double tokens;
    private long at;

    Bucket(ClientQuota quota, long now) {
      this.quota = quota;
      this.tokens = quota.burst();
      this.at = now;
    }

    synchronized Optional<Duration> take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return Optional.empty();
      }
      return Optional.of(
          Duration.ofMillis((long) Math.ceil((1 - tokens) / quota.perSecond() * 1000)));
    }

    synchronized boolean idle(long now) {
      refill(now);
      return tokens >= quota.burst();
    }

    private void refill(long now) {
      if (now > at) {
        tokens = Math.min(quota.burst(), tokens + (now - at) / 1000.0 * quota.perSecond());
        at = now;
      }
    }
  }
}
