package io.keystore.node.core;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The API keys the operator handed out (to wallet providers): each key names a client that gets its
 * own, larger quota. Loaded from a properties file of {@code name=key} lines.
 */
public final class ApiKeys {

  /** No keys: every key presented is unknown. */
  public static final ApiKeys NONE = new ApiKeys(Map.of());

  /** Shorter keys are refused: a key is a secret. */
  static final int MIN_KEY_LENGTH = 16;

  /** name → key bytes. */
  private final Map<String, byte[]> keys;

  private ApiKeys(Map<String, byte[]> keys) {
    this.keys = keys;
  }

  /** Keys by client name; refuses short keys and a key given to two names. */
  public static ApiKeys of(Map<String, String> byName) {
    Map<String, byte[]> keys = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    byName.forEach(
        (name, key) -> {
          if (name.isBlank() || key.strip().length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException(
                "API key of '"
                    + name
                    + "': a name and a key of at least "
                    + MIN_KEY_LENGTH
                    + " characters");
          }
          if (!seen.add(key.strip())) {
            throw new IllegalArgumentException(
                "API key of '" + name + "' is also another client's");
          }
          keys.put(name.strip(), key.strip().getBytes(StandardCharsets.UTF_8));
        });
    return new ApiKeys(Map.copyOf(keys));
  }

  /** Reads {@code name=key} lines (properties syntax: {@code #} comments). */
  public static ApiKeys load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    Map<String, String> byName = new TreeMap<>();
    p.stringPropertyNames().forEach(name -> byName.put(name, p.getProperty(name)));
    return of(byName);
  }

  /** The name of the client this key belongs to (compared in constant time with every key). */
  public Optional<String> clientOf(String key) {
    byte[] presented = key.getBytes(StandardCharsets.UTF_8);
    Optional<String> found = Optional.empty();
    for (Map.Entry<String, byte[]> e : keys.entrySet()) {
      if (MessageDigest.isEqual(e.getValue(), presented)) {
        found = Optional.of(e.getKey());
      }
    }
    return found;
  }

  public int size() {
    return keys.size();
  }

  @Override
  public String toString() {
    return "ApiKeys" + keys.keySet(); // names only, never the keys
  }
}
