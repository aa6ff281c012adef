package io.keystore.state.hash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystore.devtools.TestVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The Poseidon2 / tree-hashing test vectors generated from gnark-crypto ({@code
 * test-vectors/poseidon2-bn254.json}), loaded once and shared.
 *
 * <p>The directory comes from the system property {@value #VECTORS_PROPERTY} (Surefire sets it);
 * when that is unset or lacks the file, the loader walks up from the working directory to the first
 * {@code test-vectors/} holding it. Published in this module's test-jar for other modules' tests.
 */
public final class Poseidon2Vectors {

  /** The system property naming the test-vector directory. */
  public static final String VECTORS_PROPERTY = "keystore.vectors";

  /** The file name inside the test-vector directory. */
  public static final String FILE_NAME = "poseidon2-bn254.json";

  /** The permutation parameters the vectors were generated with. */
  public record Params(
      int width,
      int fullRounds,
      int partialRounds,
      int sboxDegree,
      String seed,
      Bytes32 modulus,
      List<List<Bytes32>> roundKeys) {}

  /** compress(left, right) = out. */
  public record Compress(Bytes32 left, Bytes32 right, Bytes32 out) {}

  /** permute(in) = out, states of width 2. */
  public record Permutation(List<Bytes32> in, List<Bytes32> out) {}

  /** leafHash(key, nextKey, value) = hash. */
  public record Leaf(Bytes32 key, Bytes32 nextKey, Bytes32 value, Bytes32 hash) {}

  private static volatile Poseidon2Vectors loaded;

  private final Path file;
  private final String gnarkCryptoVersion;
  private final Params params;
  private final List<Compress> compress;
  private final List<Permutation> permutation;
  private final List<Leaf> leaf;
  private final List<Bytes32> emptySubtreeRoots;
  private final Bytes32 genesisRoot;

  private Poseidon2Vectors(Path file, JsonNode root) {
    this.file = file;
    this.gnarkCryptoVersion = root.path("gnarkCryptoVersion").asText();
    JsonNode p = required(root, "params");
    this.params =
        new Params(
            required(p, "width").asInt(),
            required(p, "fullRounds").asInt(),
            required(p, "partialRounds").asInt(),
            required(p, "sboxDegree").asInt(),
            required(p, "seed").asText(),
            hex(required(p, "modulus")),
            list(required(p, "roundKeys"), Poseidon2Vectors::hexList));
    this.compress =
        list(
            required(root, "compress"),
            n ->
                new Compress(
                    hex(required(n, "left")), hex(required(n, "right")), hex(required(n, "out"))));
    this.permutation =
        list(
            required(root, "permutation"),
            n -> new Permutation(hexList(required(n, "in")), hexList(required(n, "out"))));
    this.leaf =
        list(
            required(root, "leaf"),
            n ->
                new Leaf(
                    hex(required(n, "key")),
                    hex(required(n, "nextKey")),
                    hex(required(n, "value")),
                    hex(required(n, "hash"))));
    this.emptySubtreeRoots = hexList(required(root, "emptySubtreeRoots"));
    this.genesisRoot = hex(required(root, "genesisRoot"));
  }

  /** The vectors, read on first use. */
  public static Poseidon2Vectors load() {
    Poseidon2Vectors v = loaded;
    if (v == null) {
      synchronized (Poseidon2Vectors.class) {
        v = loaded;
        if (v == null) {
          Path file = locate();
          try {
            v = new Poseidon2Vectors(file, new ObjectMapper().readTree(file.toFile()));
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read test vectors " + file, e);
          }
          loaded = v;
        }
      }
    }
    return v;
  }

  /** The vector file ({@link TestVectors}). */
  public static Path locate() {
    return TestVectors.path(FILE_NAME);
  }

  public Path file() {
    return file;
  }

  public String gnarkCryptoVersion() {
    return gnarkCryptoVersion;
  }

  public Params params() {
    return params;
  }

  public List<Compress> compress() {
    return compress;
  }

  public List<Permutation> permutation() {
    return permutation;
  }

  public List<Leaf> leaf() {
    return leaf;
  }

  /** Z[0..32]. */
  public List<Bytes32> emptySubtreeRoots() {
    return emptySubtreeRoots;
  }

  public Bytes32 genesisRoot() {
    return genesisRoot;
  }

  // ---------------------------------------------------------------- parsing

  private static JsonNode required(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalStateException("test vectors: missing field '" + field + "' in " + node);
    }
    return v;
  }

  private static Bytes32 hex(JsonNode node) {
    return Bytes32.fromHexString(node.asText());
  }

  private static List<Bytes32> hexList(JsonNode array) {
    return list(array, Poseidon2Vectors::hex);
  }

  private static <T> List<T> list(JsonNode array, Function<JsonNode, T> element) {
    if (!array.isArray()) {
      throw new IllegalStateException("test vectors: expected an array, got " + array);
    }
    List<T> out = new ArrayList<>(array.size());
    for (JsonNode n : array) {
      out.add(element.apply(n));
    }
    return List.copyOf(out);
  }
}
