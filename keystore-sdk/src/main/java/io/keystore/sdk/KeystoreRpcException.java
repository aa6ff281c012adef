package io.keystore.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A JSON-RPC error the node answered with: its code, message and optional data (the codes are in
 * the node's openrpc.json).
 */
public final class KeystoreRpcException extends KeystoreException {

  /** Invalid params: e.g. bytes that are not a keystore transaction. */
  public static final int INVALID_PARAMS = -32602;

  /** The method does not exist. */
  public static final int METHOD_NOT_FOUND = -32601;

  /** The state transition refuses the transaction; data holds reason, message and hash. */
  public static final int TX_REJECTED = -32010;

  /** The node's mempool is full. */
  public static final int MEMPOOL_FULL = -32011;

  /** The requested root or batch is unknown, or its history was pruned. */
  public static final int HISTORY_UNAVAILABLE = -32012;

  private final String method;
  private final int code;
  private final String rpcMessage;
  private final transient JsonNode data;

  public KeystoreRpcException(String method, int code, String rpcMessage, JsonNode data) {
    super(method + " failed: " + rpcMessage + " (code " + code + ")" + describe(data));
    this.method = method;
    this.code = code;
    this.rpcMessage = rpcMessage;
    this.data = data;
  }

  /** The JSON-RPC method that failed. */
  public String method() {
    return method;
  }

  public int code() {
    return code;
  }

  /** The error's message, as the node wrote it. */
  public String rpcMessage() {
    return rpcMessage;
  }

  /** The error's data, if any. */
  public Optional<JsonNode> data() {
    return Optional.ofNullable(data).filter(d -> !d.isNull());
  }

  /** For a rejected transaction (-32010): the RejectionReason name (BAD_NONCE, …). */
  public Optional<String> rejectionReason() {
    return textField("reason");
  }

  /** For a rejected transaction (-32010): the node's explanation. */
  public Optional<String> rejectionMessage() {
    return code == TX_REJECTED ? textField("message") : Optional.empty();
  }

  private Optional<String> textField(String name) {
    return data().map(d -> d.get(name)).filter(JsonNode::isTextual).map(JsonNode::asText);
  }

  private static String describe(JsonNode data) {
    if (data == null || data.isNull()) {
      return "";
    }
    return ": " + data;
  }
}
