package io.keystore.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.AccountCreation;
import io.keystore.state.api.AccountProof;
import io.keystore.state.crypto.Address;
import io.keystore.state.crypto.Eip712Domain;
import io.keystore.state.tx.Transaction;
import io.keystore.state.tx.TxCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A typed client of the keystore node's JSON-RPC API (its methods and schemas are the node's
 * openrpc.json). Every method throws {@link KeystoreRpcException} when the node answers with a
 * JSON-RPC error and {@link KeystoreTransportException} when it cannot be reached or its answer has
 * the wrong shape. Thread-safe.
 */
public final class KeystoreClient {

  /** The node's default endpoint (./keystore-node devnet). */
  public static final String DEFAULT_URL = "http://127.0.0.1:8645";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final URI endpoint;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final Duration pollInterval;
  private final AtomicLong ids = new AtomicLong();

  /**
   * @param endpoint the node's JSON-RPC URL
   * @param http the HTTP client to use
   * @param requestTimeout the longest wait for one answer
   * @param pollInterval the pause between two receipt polls of {@link #waitForStatus}
   */
  public KeystoreClient(
      URI endpoint, HttpClient http, Duration requestTimeout, Duration pollInterval) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.http = Objects.requireNonNull(http, "http");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
  }

  /** A client of the node at {@code url}, with 30 s request timeouts and 250 ms polls. */
  public static KeystoreClient connect(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + url, e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("the node's URL must be http:// or https://, got " + url);
    }
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    return new KeystoreClient(uri, http, Duration.ofSeconds(30), Duration.ofMillis(250));
  }

  public URI endpoint() {
    return endpoint;
  }

  // ------------------------------------------------------------------ transactions

  /** Sends a transaction's binary encoding; returns its hash once the node has admitted it. */
  public Bytes32 sendRawTransaction(Bytes raw) {
    return NodeJson.toBytes32(call("keystore_sendRawTransaction", raw.toHexString()), "result");
  }

  /** Sends a signed transaction; returns its hash once the node has admitted it. */
  public Bytes32 sendTransaction(Transaction tx) {
    return sendRawTransaction(TxCodec.encode(tx));
  }

  /** The receipt of a transaction, or empty if the node does not know the hash. */
  public Optional<Receipt> getTransactionReceipt(Bytes32 hash) {
    JsonNode r = call("keystore_getTransactionReceipt", hash.toHexString());
    return r.isNull() ? Optional.empty() : Optional.of(NodeJson.receipt(r));
  }

  /**
   * Polls the receipt until the transaction reaches {@code target} (see {@link
   * TxStatus#hasReached}), and returns that receipt.
   *
   * @throws TransactionRejectedException if the transaction is rejected (and target is not
   *     REJECTED)
   * @throws KeystoreTimeoutException if it does not get there within {@code timeout}
   */
  public Receipt waitForStatus(Bytes32 hash, TxStatus target, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    Optional<Receipt> last = Optional.empty();
    while (true) {
      last = getTransactionReceipt(hash);
      if (last.isPresent()) {
        Receipt r = last.get();
        if (r.status().hasReached(target)) {
          return r;
        }
        if (r.status().isFinal()) {
          if (r.status() == TxStatus.REJECTED) {
            throw new TransactionRejectedException(r);
          }
          throw new KeystoreException(
              "transaction " + hash.toHexString() + " was finalised, not rejected");
        }
      }
      if (!Instant.now().plus(pollInterval).isBefore(deadline)) {
        throw new KeystoreTimeoutException(
            "transaction "
                + hash.toHexString()
                + " did not reach "
                + target.jsonName()
                + " in "
                + timeout
                + "; last status: "
                + last.map(r -> r.status().jsonName()).orElse("unknown to the node"),
            last);
      }
      sleep(pollInterval);
    }
  }

  // ------------------------------------------------------------------ state

  /** An account's latest configuration, or empty if it was never written (counterfactual). */
  public Optional<AccountConfig> getAccount(Address account) {
    return getAccount(account, At.latest());
  }

  /** An account's configuration at a state position, or empty if it was not written then. */
  public Optional<AccountConfig> getAccount(Address account, At at) {
    JsonNode r = call("keystore_getAccount", account.toChecksumHex(), at.param());
    return r.isNull() ? Optional.empty() : Optional.of(NodeJson.config(r));
  }

  /**
   * The account as builders need it: its latest configuration, or, when the node has never seen it,
   * its initial configuration from {@code creation} (which the first transaction carries).
   *
   * @throws IllegalArgumentException if the account is absent and no creation data is given, or the
   *     creation data is for another address
   */
  public AccountState getAccountState(Address account, Optional<AccountCreation> creation) {
    return AccountState.of(account, getAccount(account), creation);
  }

  /** A membership or non-membership proof of an account against the latest root. */
  public AccountProof getProof(Address account) {
    return getProof(account, At.latest());
  }

  /** A membership or non-membership proof of an account against the root at {@code at}. */
  public AccountProof getProof(Address account, At at) {
    return NodeJson.proof(call("keystore_getProof", account.toChecksumHex(), at.param()));
  }

  /** The latest state root. */
  public Bytes32 getStateRoot() {
    return getStateRoot(At.latest());
  }

  /** The state root at a state position. */
  public Bytes32 getStateRoot(At at) {
    return NodeJson.toBytes32(call("keystore_getStateRoot", at.param()), "result");
  }

  /**
   * A node batch, or empty if there is none with that number ({@link Receipt#nodeBatch()} is one;
   * not a state batch, nor the rollup contract's L1 batch index).
   */
  public Optional<BatchInfo> getBatch(long nodeBatch) {
    JsonNode r = call("keystore_getBatch", nodeBatch);
    return r.isNull() ? Optional.empty() : Optional.of(NodeJson.batch(r));
  }

  public SyncStatus syncStatus() {
    return NodeJson.syncStatus(call("keystore_syncStatus"));
  }

  /** The L1 chain id of the node's EIP-712 domain. */
  public long chainId() {
    return NodeJson.toLong(call("keystore_chainId"), "result");
  }

  /** The EIP-712 domain the node checks signatures under (chain id and rollup contract). */
  public Eip712Domain domain() {
    return syncStatus().domain();
  }

  // ------------------------------------------------------------------ JSON-RPC

  /**
   * Calls a method with positional parameters and returns its result (JSON null included).
   *
   * @throws KeystoreRpcException on a JSON-RPC error
   * @throws KeystoreTransportException if the node cannot be reached or answers out of protocol
   */
  public JsonNode call(String method, Object... params) {
    long id = ids.incrementAndGet();
    ObjectNode request =
        MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
    ArrayNode p = request.putArray("params");
    for (Object param : params) {
      p.addPOJO(param);
    }
    JsonNode response = post(method, request);
    JsonNode error = response.get("error");
    if (error != null && !error.isNull()) {
      throw rpcError(method, error);
    }
    if (!response.has("result")) {
      throw new KeystoreTransportException(
          method + ": the node's answer has neither result nor error: " + response);
    }
    return response.get("result");
  }

  private JsonNode post(String method, ObjectNode request) {
    HttpRequest httpRequest;
    try {
      httpRequest =
          HttpRequest.newBuilder(endpoint)
              .timeout(requestTimeout)
              .header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(request)))
              .build();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "parameters of " + method + " are not JSON: " + e.getMessage(), e);
    }
    HttpResponse<String> response;
    try {
      response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new KeystoreTransportException(
          "cannot reach the keystore node at " + endpoint + " (" + method + "): " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeystoreTransportException(method + " interrupted", e);
    }
    JsonNode body;
    try {
      body = MAPPER.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new KeystoreTransportException(
          method + ": HTTP " + response.statusCode() + " from " + endpoint + " is not JSON", e);
    }
    if (body == null || !body.isObject()) {
      throw new KeystoreTransportException(
          method + ": HTTP " + response.statusCode() + " with no JSON-RPC response");
    }
    return body;
  }

  private static KeystoreRpcException rpcError(String method, JsonNode error) {
    JsonNode code = error.get("code");
    JsonNode message = error.get("message");
    if (code == null || !code.isInt() || message == null || !message.isTextual()) {
      throw new KeystoreTransportException(method + ": malformed JSON-RPC error: " + error);
    }
    return new KeystoreRpcException(method, code.asInt(), message.asText(), error.get("data"));
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeystoreException("interrupted while waiting", e);
    }
  }
}
