package io.keystore.node.cluster;

import io.keystore.node.core.ProofJob;
import io.keystore.prover.Proof;
import io.keystore.prover.ProofTarget;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The messages between the node and its workers on the event bus (JSON, bytes in base64). A worker
 * asks for work when it is idle ({@link #TAKE}), renews its lease while it proves ({@link #RENEW}),
 * then sends the proof ({@link #RESULT}) or says it could not make one ({@link #FAILED}). Only the
 * node consumes: a worker holds no address anyone sends to.
 */
public final class JobMessages {

  /** {worker, circuits, memoryGb} → {job: {id, circuit, target, witness, leaseMs}} or {}. */
  public static final String TAKE = "keystore.prover.take";

  /** {worker, id} → {held}. */
  public static final String RENEW = "keystore.prover.renew";

  /** {worker, id, proof, inputs, provingMs} → {outcome: accepted | refused | late | retry}. */
  public static final String RESULT = "keystore.prover.result";

  /** {worker, id, error} → {}. */
  public static final String FAILED = "keystore.prover.failed";

  public static final String ACCEPTED = "accepted";
  public static final String REFUSED = "refused";
  public static final String LATE = "late";
  public static final String RETRY = "retry";

  private JobMessages() {}

  /** A worker's request for work. */
  public record Ask(String worker, List<String> circuits, int memoryGb) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("worker", worker)
          .put("circuits", new JsonArray(circuits))
          .put("memoryGb", memoryGb);
    }

    public static Ask fromJson(JsonObject o) {
      return new Ask(
          o.getString("worker"),
          o.getJsonArray("circuits").stream().map(String::valueOf).toList(),
          o.getInteger("memoryGb"));
    }
  }

  /** A job as a worker receives it. */
  public record Handed(String id, String circuit, ProofTarget target, Bytes witness, long leaseMs) {
    public static JsonObject toJson(ProofJob job, long leaseMs) {
      return new JsonObject()
          .put("id", job.id())
          .put("circuit", job.circuit())
          .put("target", job.target().name())
          .put("witness", job.witness().toArrayUnsafe())
          .put("leaseMs", leaseMs);
    }

    public static Optional<Handed> fromReply(JsonObject reply) {
      JsonObject j = reply.getJsonObject("job");
      return Optional.ofNullable(j)
          .map(
              o ->
                  new Handed(
                      o.getString("id"),
                      o.getString("circuit"),
                      ProofTarget.valueOf(o.getString("target")),
                      Bytes.wrap(o.getBinary("witness")),
                      o.getLong("leaseMs")));
    }
  }

  /** A worker's proof of a job. */
  public record Result(
      String worker, String id, Bytes proof, List<Bytes32> inputs, long provingMs) {
    public JsonObject toJson() {
      JsonArray in = new JsonArray();
      inputs.forEach(i -> in.add(i.toArrayUnsafe()));
      return new JsonObject()
          .put("worker", worker)
          .put("id", id)
          .put("proof", proof.toArrayUnsafe())
          .put("inputs", in)
          .put("provingMs", provingMs);
    }

    /**
     * @throws IllegalArgumentException when a field is missing or malformed
     */
    public static Result fromJson(JsonObject o) {
      try {
        JsonArray in = o.getJsonArray("inputs");
        List<Bytes32> inputs =
            java.util.stream.IntStream.range(0, in.size())
                .mapToObj(i -> Bytes32.wrap(in.getBinary(i)))
                .toList();
        return new Result(
            o.getString("worker"),
            o.getString("id"),
            Bytes.wrap(o.getBinary("proof")),
            inputs,
            o.getLong("provingMs", 0L));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("a malformed result: " + e.getMessage(), e);
      }
    }

    /** The proof, or why it is none. */
    public Proof toProof() {
      return new Proof(proof, inputs);
    }
  }
}
