package io.keystore.node;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** A plain HTTP JSON-RPC client for the tests. */
final class RpcClient {

  record Response(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final String url;

  RpcClient(int port) {
    this.url = "http://127.0.0.1:" + port;
  }

  Response post(String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.body());
  }

  Response get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.body());
  }

  /** The whole response object of one call. */
  JsonObject call(String method, Object... params) throws Exception {
    JsonObject req =
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("id", 1)
            .put("method", method)
            .put("params", new JsonArray(java.util.List.of(params)));
    return post(Json.encode(req)).json();
  }

  /** Polls the receipt until {@code done} holds. */
  JsonObject awaitReceipt(String hash, Predicate<JsonObject> done, Duration timeout)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    JsonObject receipt = null;
    while (Instant.now().isBefore(deadline)) {
      receipt = call("keystore_getTransactionReceipt", hash).getJsonObject("result");
      if (receipt != null && done.test(receipt)) {
        return receipt;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "receipt of " + hash + " did not get there in " + timeout + ": " + receipt);
  }

  static Predicate<JsonObject> status(String s) {
    return r -> s.equals(r.getString("status"));
  }
}
