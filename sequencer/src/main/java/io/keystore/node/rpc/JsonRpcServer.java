package io.keystore.node.rpc;

import io.keystore.node.core.Caller;
import io.keystore.node.core.NodeHealth;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over HTTP (POST /), single requests and batches, with limits on the body size and
 * the batch length; GET /health (live), /readiness (ready to take transactions) and /metrics
 * (Prometheus text).
 */
public final class JsonRpcServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JsonRpcServer.class);

  private final Vertx vertx;
  private final KeystoreApi api;
  private final Metrics metrics;
  private final BooleanSupplier ready;
  private final NodeHealth health;
  private final int maxBodyBytes;
  private final int maxBatchRequests;
  private HttpServer server;

  public JsonRpcServer(
      KeystoreApi api,
      Metrics metrics,
      BooleanSupplier ready,
      NodeHealth health,
      int maxBodyBytes,
      int maxBatchRequests) {
    this.vertx = Vertx.vertx();
    this.api = api;
    this.metrics = metrics;
    this.ready = ready;
    this.health = health;
    this.maxBodyBytes = maxBodyBytes;
    this.maxBatchRequests = maxBatchRequests;
  }

  /** Listens; returns the bound port. */
  public int start(String host, int port) throws Exception {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router
        .get("/readiness")
        .handler(
            ctx -> {
              boolean started = ready.getAsBoolean();
              boolean r = started && health.healthy();
              JsonObject body = new JsonObject().put("status", r ? "READY" : "NOT_READY");
              if (!started) {
                body.put("problems", new JsonObject().put("node", "starting"));
              } else if (!r) {
                body.put(
                    "problems",
                    new JsonObject(new java.util.TreeMap<String, Object>(health.problems())));
              }
              json(ctx, r ? 200 : 503, body);
            });
    router
        .get("/metrics")
        .blockingHandler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "text/plain; version=0.0.4")
                    .end(metrics.scrape()));
    router
        .post("/")
        .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
        .blockingHandler(this::handle, false)
        .failureHandler(this::failure);
    router
        .errorHandler(404, JsonRpcServer::notFound)
        .errorHandler(405, JsonRpcServer::methodNotAllowed);
    server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
            .requestHandler(router)
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    LOG.info("JSON-RPC on http://{}:{}/", host, server.actualPort());
    return server.actualPort();
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode() == 413 ? 413 : 500;
    if (status == 500) {
      LOG.error("JSON-RPC request failed", ctx.failure());
    }
    metrics.increment("keystore_rpc_errors_total");
    String msg =
        status == 413
            ? "Invalid Request: body larger than " + maxBodyBytes + " bytes"
            : "Internal error";
    int code = status == 413 ? RpcError.INVALID_REQUEST : RpcError.INTERNAL_ERROR;
    json(ctx, status, error(null, new RpcError(code, msg)));
  }

  /** A path the node does not serve: JSON, not Vert.x's HTML page. */
  private static void notFound(RoutingContext ctx) {
    notRouted(ctx, 404, "no endpoint at " + ctx.request().path());
  }

  /** A path the node serves, with another HTTP method: JSON, not Vert.x's HTML page. */
  private static void methodNotAllowed(RoutingContext ctx) {
    String path = ctx.request().path();
    ctx.response().putHeader("allow", "/".equals(path) ? "POST" : "GET");
    notRouted(ctx, 405, ctx.request().method() + " not allowed on " + path);
  }

  private static void notRouted(RoutingContext ctx, int status, String what) {
    json(
        ctx,
        status,
        error(
            null,
            new RpcError(
                RpcError.INVALID_REQUEST,
                "Invalid Request: "
                    + what
                    + " (JSON-RPC: POST /; GET /health, /readiness, /metrics)")));
  }

  private void handle(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    Object parsed;
    try {
      parsed = RequestJson.decode(body);
    } catch (DecodeException e) {
      metrics.increment("keystore_rpc_errors_total");
      json(ctx, 200, error(null, new RpcError(RpcError.PARSE_ERROR, "Parse error")));
      return;
    }
    if (parsed instanceof JsonArray batch) {
      if (batch.isEmpty() || batch.size() > maxBatchRequests) {
        json(
            ctx,
            200,
            error(
                null,
                new RpcError(
                    RpcError.INVALID_REQUEST,
                    "Invalid Request: a batch holds 1 to " + maxBatchRequests + " requests")));
        return;
      }
      JsonArray out = new JsonArray();
      for (Object r : batch) {
        JsonObject response = one(r, caller(ctx));
        if (response != null) {
          out.add(response);
        }
      }
      if (out.isEmpty()) {
        ctx.response().setStatusCode(204).end();
      } else {
        json(ctx, 200, out);
      }
      return;
    }
    JsonObject response = one(parsed, caller(ctx));
    if (response == null) {
      ctx.response().setStatusCode(204).end();
    } else {
      json(ctx, 200, response);
    }
  }

  /** Who sent the request, for the admission limits: remote address and API key. */
  private static Caller caller(RoutingContext ctx) {
    HttpServerRequest r = ctx.request();
    return Caller.http(
        r.remoteAddress() == null ? null : r.remoteAddress().hostAddress(),
        r.getHeader("X-Api-Key"),
        r.getHeader("Authorization"));
  }

  /** One request's response, or null for a notification. */
  private JsonObject one(Object request, Caller caller) {
    metrics.increment("keystore_rpc_requests_total");
    if (!(request instanceof JsonObject r)
        || !"2.0".equals(r.getValue("jsonrpc"))
        || !(r.getValue("method") instanceof String method)
        || !validId(r.getValue("id"))
        || !(r.getValue("params") == null || r.getValue("params") instanceof JsonArray)) {
      metrics.increment("keystore_rpc_errors_total");
      Object id =
          request instanceof JsonObject o && validId(o.getValue("id")) ? o.getValue("id") : null;
      return error(id, new RpcError(RpcError.INVALID_REQUEST, "Invalid Request"));
    }
    boolean notification = !r.containsKey("id");
    Object id = r.getValue("id");
    try {
      Object result = api.call(method, r.getJsonArray("params"), caller);
      return notification
          ? null
          : new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result);
    } catch (RpcError e) {
      metrics.increment("keystore_rpc_errors_total");
      return notification ? null : error(id, e);
    } catch (RuntimeException e) {
      LOG.error("{} failed", method, e);
      metrics.increment("keystore_rpc_errors_total");
      return notification
          ? null
          : error(id, new RpcError(RpcError.INTERNAL_ERROR, "Internal error"));
    }
  }

  private static boolean validId(Object id) {
    return id == null || id instanceof String || id instanceof Number;
  }

  private static JsonObject error(Object id, RpcError e) {
    JsonObject err = new JsonObject().put("code", e.code()).put("message", e.getMessage());
    if (e.data() != null) {
      err.put("data", e.data());
    }
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("error", err);
  }

  private static void json(RoutingContext ctx, int status, Object body) {
    retryAfterSeconds(body)
        .ifPresent(s -> ctx.response().putHeader("Retry-After", Long.toString(s)));
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(Json.encode(body));
  }

  /** The longest {@code retryAfterSeconds} among the errors of a response (a batch's: each). */
  static OptionalLong retryAfterSeconds(Object body) {
    Stream<Object> responses = body instanceof JsonArray a ? a.stream() : Stream.of(body);
    return responses
        .filter(JsonObject.class::isInstance)
        .map(o -> ((JsonObject) o).getJsonObject("error"))
        .filter(e -> e != null && e.getValue("data") instanceof JsonObject)
        .map(e -> e.getJsonObject("data").getValue("retryAfterSeconds"))
        .filter(Number.class::isInstance)
        .mapToLong(n -> ((Number) n).longValue())
        .max();
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
