package io.keystore.node.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.node.core.AdmissionLimits.ClientQuota;
import io.keystore.node.core.MempoolOnH2.MovableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-client quotas: token buckets per remote address and per API key, on a clock the test
 * moves.
 */
class ClientLimitsTest {

  static final String WALLET_KEY = "wallet-provider-key-0001";

  final MovableClock clock = new MovableClock();
  final ClientLimits limits =
      new ClientLimits(
          new AdmissionLimits(
              Optional.of(new ClientQuota(0.5, 3)),
              Optional.of(new ClientQuota(10, 50)),
              ApiKeys.of(Map.of("wallet", WALLET_KEY)),
              4,
              16,
              1),
          clock);

  ClientLimits.Client client(Caller caller) {
    return limits.identify(caller).orElseThrow();
  }

  static Caller from(String address) {
    return Caller.http(address, null, null);
  }

  static Caller withKey(String address, String key) {
    return Caller.http(address, key, null);
  }

  /** Takes {@code n} tokens and returns how many were granted. */
  int take(ClientLimits.Client c, int n) {
    int granted = 0;
    for (int i = 0; i < n; i++) {
      if (limits.take(c).isEmpty()) {
        granted++;
      }
    }
    return granted;
  }

  @Test
  void anAddressSendsItsBurstAtOnceThenAtItsRateAndIsToldHowLongToWait() {
    ClientLimits.Client c = client(from("198.51.100.7"));

    assertThat(take(c, 3)).isEqualTo(3);
    assertThat(limits.take(c)).contains(Duration.ofSeconds(2)); // half a token a second

    clock.now = clock.now.plusSeconds(1);
    assertThat(limits.take(c)).contains(Duration.ofSeconds(1));
    clock.now = clock.now.plusSeconds(1);
    assertThat(limits.take(c)).isEmpty();
    clock.now = clock.now.plusSeconds(60);
    assertThat(take(c, 10)).as("the bucket holds its burst, no more").isEqualTo(3);
  }

  @Test
  void eachAddressHasItsOwnBucket() {
    assertThat(take(client(from("198.51.100.7")), 5)).isEqualTo(3);

    assertThat(take(client(from("198.51.100.8")), 5)).isEqualTo(3);
  }

  @Test
  void aKnownApiKeyHasItsOwnLargerQuotaSharedByAllItsCallers() {
    ClientLimits.Client fromA = client(withKey("198.51.100.7", WALLET_KEY));
    ClientLimits.Client fromB = client(Caller.http("203.0.113.9", null, "Bearer " + WALLET_KEY));

    assertThat(fromA).isEqualTo(fromB);
    assertThat(fromA.name()).isEqualTo("api key wallet");
    assertThat(take(fromA, 30) + take(fromB, 30)).isEqualTo(50);
    assertThat(take(client(from("198.51.100.7")), 3))
        .as("the address's own quota is untouched")
        .isEqualTo(3);
  }

  @Test
  void anUnknownApiKeyIsNoClient() {
    assertThat(limits.identify(withKey("198.51.100.7", "not-a-key-the-node-knows"))).isEmpty();
    assertThat(limits.identify(Caller.http("198.51.100.7", null, "Bearer " + WALLET_KEY + "x")))
        .isEmpty();
  }

  @Test
  void theAddressesOfOneIpv6Slash64ShareABucket() {
    ClientLimits.Client one = client(from("2001:db8:1:2::1"));
    ClientLimits.Client other = client(from("2001:db8:1:2:ffff:ffff:ffff:fffe"));

    assertThat(one).isEqualTo(other);
    assertThat(one.name()).isEqualTo("address 2001:db8:1:2::/64");
    assertThat(take(one, 2) + take(other, 2)).isEqualTo(3);
    assertThat(take(client(from("2001:db8:1:3::1")), 1)).isEqualTo(1);
  }

  @Test
  void anInProcessCallerHasNoQuota() {
    ClientLimits.Client c = client(Caller.IN_PROCESS);

    assertThat(take(c, 1000)).isEqualTo(1000);
  }

  @Test
  void idleBucketsAreDroppedOnceTooManyAreKept() {
    for (int i = 0; i < ClientLimits.MAX_TRACKED; i++) {
      limits.take(client(from("10." + (i >> 16) + "." + (i >> 8 & 0xff) + "." + (i & 0xff))));
    }
    assertThat(limits.tracked()).isEqualTo(ClientLimits.MAX_TRACKED);

    clock.now = clock.now.plusSeconds(60); // every bucket refilled: idle
    limits.take(client(from("192.0.2.1")));

    assertThat(limits.tracked()).isEqualTo(1);
  }

  @Test
  void theApiKeyHeaderWinsOverABearerTokenAndBlankHeadersAreNoKey() {
    assertThat(Caller.http("192.0.2.1", "key-a", "Bearer key-b").apiKey()).contains("key-a");
    assertThat(Caller.http("192.0.2.1", " ", "bearer key-b").apiKey()).contains("key-b");
    assertThat(Caller.http("192.0.2.1", null, "Basic abc").apiKey()).isEmpty();
    assertThat(Caller.http(null, null, null).address()).contains("unknown");
  }

  @Test
  void apiKeysAreReadFromNameEqualsKeyLinesAndShortOrSharedKeysAreRefused(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("api-keys.properties");
    Files.writeString(
        file,
        "# wallet providers\nwallet-a = key-of-wallet-a-0001\nwallet-b=key-of-wallet-b-0002\n");

    ApiKeys keys = ApiKeys.load(file);

    assertThat(keys.size()).isEqualTo(2);
    assertThat(keys.clientOf("key-of-wallet-b-0002")).contains("wallet-b");
    assertThat(keys.toString()).doesNotContain("key-of");
    assertThatThrownBy(() -> ApiKeys.of(Map.of("short", "abc")))
        .hasMessageContaining("at least 16");
    assertThatThrownBy(() -> ApiKeys.of(Map.of("a", "the-same-key-0001", "b", "the-same-key-0001")))
        .hasMessageContaining("also another client's");
  }
}
