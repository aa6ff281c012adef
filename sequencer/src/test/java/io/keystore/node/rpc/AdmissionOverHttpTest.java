package io.keystore.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.DevTransactions;
import io.keystore.node.core.AdmissionLimits;
import io.keystore.node.core.AdmissionLimits.ClientQuota;
import io.keystore.node.core.ApiKeys;
import io.keystore.node.core.Mempool;
import io.keystore.node.core.NodeHealth;
import io.keystore.node.core.StateAccess;
import io.keystore.node.storage.NodeStore;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.storage.H2StateStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admission limits as a JSON-RPC client sees them over HTTP: the quota of its remote address,
 * an API key's own quota, an unknown key, and the error that names the limit and when to retry
 * (also as a Retry-After header).
 */
class AdmissionOverHttpTest {

  static final Eip712Domain DOMAIN =
      Eip712Domain.keystore(31337, Address.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3"));
  static final String WALLET_KEY = "wallet-provider-key-0001";

  /** Two transactions at once per address, then one every 10 s; an API key: 100 at once. */
  static final AdmissionLimits LIMITS =
      new AdmissionLimits(
          Optional.of(new ClientQuota(0.1, 2)),
          Optional.of(new ClientQuota(100, 100)),
          ApiKeys.of(Map.of("wallet", WALLET_KEY)),
          4,
          16,
          1);

  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  NodeStore store;
  H2StateStore stateStore;
  Mempool mempool;
  Metrics metrics = new Metrics();
  JsonRpcServer server;
  URI url;
  List<String> txs = DevTransactions.randomCreations(DOMAIN, 8);

  @BeforeEach
  void start() throws Exception {
    store = NodeStore.open(dir);
    stateStore = H2StateStore.open(dir.resolve("state"));
    StateAccess state = new StateAccess(stateStore, DOMAIN);
    mempool = new Mempool(store, state, Clock.systemUTC(), 1000, LIMITS);
    KeystoreApi api =
        new KeystoreApi(
            mempool, state, store, 31337, DOMAIN.verifyingContract().toString(), metrics);
    server = new JsonRpcServer(api, metrics, () -> true, new NodeHealth(), 128 * 1024, 100);
    url = URI.create("http://127.0.0.1:" + server.start("127.0.0.1", 0) + "/");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    mempool.close();
    stateStore.close();
    store.close();
  }

  static String request(String rawHex) {
    return new JsonObject()
        .put("jsonrpc", "2.0")
        .put("id", 1)
        .put("method", "keystore_sendRawTransaction")
        .put("params", new JsonArray().add(rawHex))
        .encode();
  }

  HttpResponse<String> post(String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonObject send(int tx, String... headers) throws Exception {
    return new JsonObject(post(request(txs.get(tx)), headers).body());
  }

  @Test
  void anAddressPastItsQuotaGetsAnErrorNamingTheLimitAndWhenToRetry() throws Exception {
    assertThat(send(0).getString("result")).startsWith("0x");
    assertThat(send(1).getString("result")).startsWith("0x");

    HttpResponse<String> third = post(request(txs.get(2)));

    assertThat(third.statusCode()).isEqualTo(200);
    JsonObject error = new JsonObject(third.body()).getJsonObject("error");
    assertThat(error.getInteger("code")).isEqualTo(RpcError.LIMIT_REACHED).isEqualTo(-32013);
    JsonObject data = error.getJsonObject("data");
    assertThat(data.fieldNames()).containsExactlyInAnyOrder("limit", "retryAfterSeconds");
    assertThat(data.getString("limit")).isEqualTo("client-rate");
    long retryAfter = data.getLong("retryAfterSeconds");
    assertThat(retryAfter).as("a token every 10 s").isBetween(1L, 10L);
    assertThat(third.headers().firstValue("Retry-After")).contains(Long.toString(retryAfter));
    assertThat(error.getString("message"))
        .startsWith("Limit reached: client-rate (address 127.0.0.1 may send 2")
        .endsWith("retry after " + retryAfter + " s");
    assertThat(metrics.scrape()).contains("keystore_tx_limited_client_rate_total 1");
  }

  @Test
  void aKnownApiKeyHasItsOwnQuotaAndAnUnknownOneIsRefused() throws Exception {
    send(0);
    send(1);
    assertThat(send(2).getJsonObject("error").getInteger("code")).isEqualTo(RpcError.LIMIT_REACHED);

    assertThat(send(2, "X-Api-Key", WALLET_KEY).getString("result")).startsWith("0x");
    assertThat(send(3, "Authorization", "Bearer " + WALLET_KEY).getString("result"))
        .startsWith("0x");
    JsonObject unknown = send(4, "X-Api-Key", "a-key-nobody-handed-out").getJsonObject("error");
    assertThat(unknown.getInteger("code")).isEqualTo(RpcError.UNKNOWN_API_KEY).isEqualTo(-32014);
    assertThat(unknown.getString("message")).startsWith("Unknown API key");
  }

  @Test
  void aBatchWithALimitedRequestCarriesItsRetryAfterAsAHeader() throws Exception {
    String batch =
        "[" + request(txs.get(0)) + "," + request(txs.get(1)) + "," + request(txs.get(2)) + "]";

    HttpResponse<String> r = post(batch);

    JsonArray answers = new JsonArray(r.body());
    assertThat(answers.getJsonObject(0).getString("result")).startsWith("0x");
    assertThat(
            answers
                .getJsonObject(2)
                .getJsonObject("error")
                .getJsonObject("data")
                .getString("limit"))
        .isEqualTo("client-rate");
    assertThat(r.headers().firstValue("Retry-After"))
        .contains(
            answers
                .getJsonObject(2)
                .getJsonObject("error")
                .getJsonObject("data")
                .getValue("retryAfterSeconds")
                .toString());
  }
}
