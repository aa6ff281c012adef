package io.keystore.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.keystore.node.core.Mempool;
import io.keystore.node.core.NodeHealth;
import io.keystore.node.core.StateAccess;
import io.keystore.node.storage.NodeStore;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.storage.H2StateStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON-RPC server's edges, over HTTP: the server and its API on real H2 databases (the genesis
 * state), no L1 and no prover.
 */
class RpcEdgeCasesTest {

  private static final String ZERO = "0x0000000000000000000000000000000000000000";
  private static final Eip712Domain DOMAIN =
      Eip712Domain.keystore(31337, Address.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3"));

  @TempDir static Path dir;
  static NodeStore store;
  static H2StateStore stateStore;
  static Mempool mempool;
  static JsonRpcServer server;
  static String url;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    store = NodeStore.open(dir);
    stateStore = H2StateStore.open(dir.resolve("state"));
    StateAccess state = new StateAccess(stateStore, DOMAIN);
    mempool = new Mempool(store, state, Clock.systemUTC(), 100);
    Metrics metrics = new Metrics();
    KeystoreApi api =
        new KeystoreApi(
            mempool, state, store, 31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3", metrics);
    server = new JsonRpcServer(api, metrics, () -> true, new NodeHealth(), 64 * 1024, 20);
    url = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    mempool.close();
    stateStore.close();
    store.close();
  }

  // ------------------------------------------------------------------ the zero address

  @Test
  void theZeroAddressIsInvalidParamsForEveryAccountMethodAndState() throws Exception {
    for (JsonObject response :
        new JsonObject[] {
          call("keystore_getProof", "\"" + ZERO + "\""),
          call("keystore_getProof", "\"" + ZERO + "\", \"latest\""),
          call("keystore_getProof", "\"" + ZERO + "\", 0"),
          call("keystore_getAccount", "\"" + ZERO + "\""),
          call("keystore_getAccount", "\"" + ZERO + "\", 0")
        }) {
      assertThat(code(response)).isEqualTo(RpcError.INVALID_PARAMS);
      assertThat(message(response)).contains(ZERO).contains("cannot hold a keystore account");
    }
  }

  @Test
  void anyOtherAddressGetsItsNonMembershipProofAtGenesis() throws Exception {
    JsonObject proof =
        call("keystore_getProof", "\"0x0000000000000000000000000000000000000001\", 0");
    assertThat(proof.getJsonObject("result").getBoolean("member")).isFalse();
  }

  // ------------------------------------------------------------------ paths and HTTP methods

  @Test
  void anUnknownPathAnswersA404WithAJsonError() throws Exception {
    for (HttpResponse<String> r : new HttpResponse[] {get("/nope"), post("/rpc", "{}")}) {
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.headers().firstValue("content-type")).contains("application/json");
      JsonObject body = new JsonObject(r.body());
      assertThat(code(body)).isEqualTo(RpcError.INVALID_REQUEST);
      assertThat(message(body)).contains("no endpoint at " + r.uri().getPath()).contains("POST /");
    }
  }

  @Test
  void aWrongHttpMethodOnAKnownPathAnswersA405WithAJsonErrorAndTheAllowedMethod() throws Exception {
    HttpResponse<String> getRoot = get("/");
    assertThat(getRoot.statusCode()).isEqualTo(405);
    assertThat(getRoot.headers().firstValue("content-type")).contains("application/json");
    assertThat(getRoot.headers().firstValue("allow")).contains("POST");
    assertThat(code(new JsonObject(getRoot.body()))).isEqualTo(RpcError.INVALID_REQUEST);
    assertThat(message(new JsonObject(getRoot.body()))).contains("GET not allowed on /");

    HttpResponse<String> postHealth = post("/health", "{}");
    assertThat(postHealth.statusCode()).isEqualTo(405);
    assertThat(postHealth.headers().firstValue("allow")).contains("GET");
    assertThat(message(new JsonObject(postHealth.body()))).contains("POST not allowed on /health");
  }

  // ------------------------------------------------------------------ bodies and ids

  @Test
  void anEmptyOrBlankBodyIsAParseError() throws Exception {
    for (String body : new String[] {"", "  \n"}) {
      HttpResponse<String> r = post("/", body);
      assertThat(r.statusCode()).isEqualTo(200);
      JsonObject response = new JsonObject(r.body());
      assertThat(code(response)).isEqualTo(RpcError.PARSE_ERROR);
      assertThat(response.containsKey("id")).isTrue();
      assertThat(response.getValue("id")).isNull();
    }
  }

  @Test
  void aJsonNullBodyIsStillAnInvalidRequest() throws Exception {
    assertThat(code(new JsonObject(post("/", "null").body()))).isEqualTo(RpcError.INVALID_REQUEST);
  }

  @Test
  void aNumericIdComesBackWithTheExactValueSentEvenBeyondADouble() throws Exception {
    for (String id :
        new String[] {
          "1e400", "0.10000000000000000001", "123456789012345678901234567890", "-7", "1.5"
        }) {
      HttpResponse<String> r =
          post("/", "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"keystore_chainId\"}");
      Object echoed = ((JsonObject) RequestJson.decode(Buffer.buffer(r.body()))).getValue("id");
      assertThat(echoed).as("id %s in %s", id, r.body()).isInstanceOf(Number.class);
      assertThat(new BigDecimal(echoed.toString()))
          .as("id %s in %s", id, r.body())
          .isEqualByComparingTo(id);
      assertThat(r.body()).doesNotContain("Infinity");
    }
  }

  @Test
  void aStringIdComesBackAsTheSameString() throws Exception {
    HttpResponse<String> r =
        post("/", "{\"jsonrpc\":\"2.0\",\"id\":\"1e400\",\"method\":\"keystore_chainId\"}");
    assertThat(new JsonObject(r.body()).getString("id")).isEqualTo("1e400");
  }

  @Test
  void trailingDataAfterTheRequestIsAParseError() throws Exception {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"keystore_chainId\"} {}";
    assertThat(code(new JsonObject(post("/", body).body()))).isEqualTo(RpcError.PARSE_ERROR);
  }

  // ------------------------------------------------------------------ quantities

  @Test
  void aBatchNumberAboveTheSignedLongRangeIsInvalidParamsOutOfRange() throws Exception {
    for (String batch :
        new String[] {
          "\"0xffffffffffffffff\"",
          "\"0x8000000000000000\"",
          "\"0x1" + "0".repeat(40) + "\"",
          "18446744073709551615",
          "1e400"
        }) {
      for (String method : new String[] {"keystore_getBatch", "keystore_getStateRoot"}) {
        JsonObject response = call(method, batch);
        assertThat(code(response)).as("%s(%s)", method, batch).isEqualTo(RpcError.INVALID_PARAMS);
        assertThat(message(response))
            .as("%s(%s)", method, batch)
            .contains("out of range")
            .contains("0x7fffffffffffffff");
      }
    }
  }

  @Test
  void theLargestBatchNumberIsAValidQuantityOfAnUnknownBatch() throws Exception {
    assertThat(call("keystore_getBatch", "\"0x7fffffffffffffff\"").containsKey("result")).isTrue();
    assertThat(call("keystore_getBatch", "\"0x7fffffffffffffff\"").getValue("result")).isNull();
    JsonObject root = call("keystore_getStateRoot", "\"0x7fffffffffffffff\"");
    assertThat(code(root)).isEqualTo(RpcError.HISTORY_UNAVAILABLE);
    assertThat(message(root)).contains(Long.toString(Long.MAX_VALUE));
  }

  @Test
  void aNegativeFractionalOrNonNumericBatchNumberIsInvalidParams() throws Exception {
    for (String batch : new String[] {"-1", "1.5", "\"0x\"", "\"0xg\"", "\"12\"", "true"}) {
      JsonObject response = call("keystore_getBatch", batch);
      assertThat(code(response)).as(batch).isEqualTo(RpcError.INVALID_PARAMS);
      assertThat(message(response))
          .as(batch)
          .contains("must be a non-negative integer or hex quantity");
    }
  }

  @Test
  void aQuantityIsReadExactlyWhateverItsSpelling() {
    assertThat(KeystoreApi.quantityParam(params("\"0x0\""), 0, "n")).isZero();
    assertThat(KeystoreApi.quantityParam(params("\"0x" + "0".repeat(100) + "2a\""), 0, "n"))
        .isEqualTo(42);
    assertThat(KeystoreApi.quantityParam(params("\"0x7fffffffffffffff\""), 0, "n"))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(KeystoreApi.quantityParam(params("9223372036854775807"), 0, "n"))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(KeystoreApi.quantityParam(params("4.2e1"), 0, "n")).isEqualTo(42);
    assertThat(KeystoreApi.quantityParam(params("42.000"), 0, "n")).isEqualTo(42);
  }

  // ------------------------------------------------------------------ helpers

  private static io.vertx.core.json.JsonArray params(String json) {
    return (io.vertx.core.json.JsonArray) RequestJson.decode(Buffer.buffer("[" + json + "]"));
  }

  private static JsonObject call(String method, String paramsJson) throws Exception {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
            + method
            + "\",\"params\":["
            + paramsJson
            + "]}";
    HttpResponse<String> r = post("/", body);
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static int code(JsonObject response) {
    return response.getJsonObject("error").getInteger("code");
  }

  private static String message(JsonObject response) {
    return response.getJsonObject("error").getString("message");
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url + path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
