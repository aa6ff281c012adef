package io.keystore.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The event bus under a cluster secret, on real clustered Vert.x instances over loopback: members
 * holding the secret exchange messages; a process that learnt the cluster's name (Hazelcast OSS
 * sends it in clear) but lacks the secret's key completes no TLS handshake, so it can neither send
 * to the node's addresses nor receive anything.
 */
class ClusterTlsTest {

  private static final String SECRET = "a cluster secret for this test only";

  @Test
  void membersWithTheSecretTalkAndAMemberWithoutItGetsNothing() throws Exception {
    int nodePort = freePort();
    int workerPort = freePort();
    int strangerPort = freePort();
    List<String> members =
        List.of("127.0.0.1:" + nodePort, "127.0.0.1:" + workerPort, "127.0.0.1:" + strangerPort);
    Vertx node = Cluster.join(options(nodePort, members));
    Vertx worker = null;
    Vertx stranger = null;
    try {
      AtomicInteger served = new AtomicInteger();
      node.eventBus()
          .<JsonObject>consumer(
              JobMessages.TAKE,
              m -> {
                served.incrementAndGet();
                m.reply(new JsonObject().put("job", "yours"));
              })
          .completion()
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      worker = Cluster.join(options(workerPort, members));
      assertThat(request(worker).getString("job")).isEqualTo("yours");
      stranger = strangerWithTheClusterNameOnly(strangerPort, members);
      Vertx s = stranger;
      assertThatThrownBy(() -> request(s)).hasMessageContaining("Timed out");
      assertThat(served.get()).isEqualTo(1);
    } finally {
      for (Vertx v : new Vertx[] {stranger, worker, node}) {
        if (v != null) {
          v.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static ClusterOptions options(int port, List<String> members) {
    return new ClusterOptions(
        "127.0.0.1", port, members, Optional.of(SECRET), Duration.ofSeconds(5));
  }

  /** A member of the Hazelcast cluster (it sniffed the name) whose event bus has no TLS key. */
  private static Vertx strangerWithTheClusterNameOnly(int port, List<String> members)
      throws Exception {
    Config config = Cluster.hazelcast(options(port, members));
    return Vertx.builder()
        .with(
            new VertxOptions()
                .setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
        .withClusterManager(new HazelcastClusterManager(config))
        .buildClustered()
        .toCompletionStage()
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
  }

  private static JsonObject request(Vertx from) throws Exception {
    try {
      return from.eventBus()
          .<JsonObject>request(
              JobMessages.TAKE, new JsonObject(), new DeliveryOptions().setSendTimeout(5_000))
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS)
          .body();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
