package io.keystore.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** What the client does without a node; its calls are tested against a real node in sequencer. */
class KeystoreClientTest {

  @Test
  void anUnreachableNodeIsATransportErrorNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    KeystoreClient client = KeystoreClient.connect("http://127.0.0.1:" + port);

    assertThatThrownBy(client::chainId)
        .isInstanceOf(KeystoreTransportException.class)
        .hasMessageContaining("cannot reach the keystore node at http://127.0.0.1:" + port)
        .hasMessageContaining("keystore_chainId");
  }

  @Test
  void aUrlThatIsNotHttpIsRefused() {
    assertThatThrownBy(() -> KeystoreClient.connect("127.0.0.1:8645"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeystoreClient.connect("ftp://x")).hasMessageContaining("http://");
  }

  @Test
  void statusesReachTheirTargetAlongTheLifecycleAndRejectedOnlyItself() {
    assertThat(TxStatus.FINALISED.hasReached(TxStatus.SUBMITTED)).isTrue();
    assertThat(TxStatus.PROVEN.hasReached(TxStatus.PROVEN)).isTrue();
    assertThat(TxStatus.BATCHED.hasReached(TxStatus.FINALISED)).isFalse();
    assertThat(TxStatus.REJECTED.hasReached(TxStatus.PENDING)).isFalse();
    assertThat(TxStatus.FINALISED.hasReached(TxStatus.REJECTED)).isFalse();
    assertThat(TxStatus.REJECTED.hasReached(TxStatus.REJECTED)).isTrue();
    assertThat(TxStatus.fromJson("submitted")).isEqualTo(TxStatus.SUBMITTED);
    assertThatThrownBy(() -> TxStatus.fromJson("mined"))
        .isInstanceOf(KeystoreTransportException.class);
  }
}
