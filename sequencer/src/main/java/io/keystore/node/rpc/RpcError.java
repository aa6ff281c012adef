package io.keystore.node.rpc;

import io.keystore.node.core.Admission;
import io.vertx.core.json.JsonObject;

/** A JSON-RPC error: its code, message and optional data (docs in openrpc.json). */
public final class RpcError extends RuntimeException {

  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;

  /** The state transition refuses the transaction (data: reason, message). */
  public static final int TX_REJECTED = -32010;

  /** The mempool is full. */
  public static final int MEMPOOL_FULL = -32011;

  /** The requested root or batch is unknown or its history was pruned. */
  public static final int HISTORY_UNAVAILABLE = -32012;

  /** An admission limit was reached (data: limit, retryAfterSeconds). */
  public static final int LIMIT_REACHED = -32013;

  /** The caller presented an API key the node does not know. */
  public static final int UNKNOWN_API_KEY = -32014;

  private final int code;
  private final transient Object data;

  public RpcError(int code, String message, Object data) {
    super(message);
    this.code = code;
    this.data = data;
  }

  public RpcError(int code, String message) {
    this(code, message, null);
  }

  public static RpcError invalidParams(String message) {
    return new RpcError(INVALID_PARAMS, "Invalid params: " + message);
  }

  /** An admission limit: which, why, and when to retry (also the HTTP Retry-After header). */
  public static RpcError limitReached(Admission.Limited l) {
    return new RpcError(
        LIMIT_REACHED,
        "Limit reached: "
            + l.limit().id()
            + " ("
            + l.message()
            + "); retry after "
            + l.retryAfterSeconds()
            + " s",
        retryData(l.limit().id(), l.retryAfterSeconds()));
  }

  /** The mempool is full. */
  public static RpcError mempoolFull(Admission.Full f) {
    return new RpcError(
        MEMPOOL_FULL,
        "Mempool full (" + f.capacity() + ")",
        retryData("mempool-capacity", f.retryAfterSeconds()));
  }

  public static RpcError unknownApiKey() {
    return new RpcError(
        UNKNOWN_API_KEY,
        "Unknown API key: send a key the node's operator gave you, or none (X-Api-Key, Authorization: Bearer)");
  }

  private static JsonObject retryData(String limit, long retryAfterSeconds) {
    return new JsonObject().put("limit", limit).put("retryAfterSeconds", retryAfterSeconds);
  }

  public int code() {
    return code;
  }

  public Object data() {
    return data;
  }
}
