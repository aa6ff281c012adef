package io.keystore.node.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;

/**
 * Joins the provers' cluster: a clustered Vert.x on Hazelcast, members found by a TCP/IP list (no
 * multicast). With a cluster secret, the event bus (which carries every job, lease and proof) runs
 * over TLS with client authentication required, under the one certificate the secret derives
 * ({@link ClusterSecret}), and the Hazelcast cluster name comes from the secret too: a process
 * without the secret completes no event-bus handshake. Hazelcast's own membership traffic is not
 * encrypted (its TLS is an Enterprise feature): see docs/scaling.md, "Trust boundary".
 */
public final class Cluster {

  /** The cluster name without a secret: plaintext, loopback only. */
  public static final String PLAINTEXT_NAME = "keystore-devnet-plaintext";

  private Cluster() {}

  /** A clustered Vert.x joined as {@code options} say; close it to leave. */
  public static Vertx join(ClusterOptions options) throws Exception {
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(options));
    EventBusOptions bus = new EventBusOptions().setHost(options.host()).setPort(0);
    options.secret().map(ClusterSecret::derive).ifPresent(s -> secure(bus, s));
    return Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(bus))
        .withClusterManager(manager)
        .buildClustered()
        .toCompletionStage()
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
  }

  static Config hazelcast(ClusterOptions options) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(
        options.secret().map(s -> ClusterSecret.derive(s).clusterName()).orElse(PLAINTEXT_NAME));
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.socket.bind.any", "false");
    // a member killed with -9 leaves the cluster within 30 s, not the default minute; jobs do
    // not wait for it (leases do), and a loaded machine still sends its heartbeats in time
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "30");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(options.port()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(options.host());
    network.setPublicAddress(options.host() + ":" + options.port());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(options.members());
    return config;
  }

  private static void secure(EventBusOptions bus, ClusterSecret secret) {
    Buffer cert = Buffer.buffer(secret.certificatePem());
    bus.setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(
            new PemKeyCertOptions()
                .setKeyValue(Buffer.buffer(secret.privateKeyPem()))
                .setCertValue(cert))
        .setTrustOptions(new PemTrustOptions().addCertValue(cert));
  }
}
