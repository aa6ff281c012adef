package io.keystore.node.rpc;

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

  public int code() {
    return code;
  }

  public Object data() {
    return data;
  }
}
