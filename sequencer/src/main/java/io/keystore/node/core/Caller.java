package io.keystore.node.core;

import java.util.Optional;

/**
 * Who sends a transaction, as far as admission limits go: the remote address of an HTTP caller and
 * the API key it presented, if any. An in-process caller (the node's own tools, tests) has neither
 * and no client quota; the limits on pending transactions apply to it all the same.
 *
 * @param address the remote IP address, empty in process
 * @param apiKey the API key presented ({@code X-Api-Key}, or {@code Authorization: Bearer})
 */
public record Caller(Optional<String> address, Optional<String> apiKey) {

  /** A caller in this process: no client quota. */
  public static final Caller IN_PROCESS = new Caller(Optional.empty(), Optional.empty());

  private static final String BEARER = "Bearer ";

  /**
   * An HTTP caller from its remote address and its headers (either may be null): the key is the
   * {@code X-Api-Key} header, else an {@code Authorization: Bearer <key>} header.
   */
  public static Caller http(String remoteAddress, String xApiKey, String authorization) {
    Optional<String> key = nonBlank(xApiKey);
    if (key.isEmpty()
        && authorization != null
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      key = nonBlank(authorization.substring(BEARER.length()));
    }
    return new Caller(Optional.of(remoteAddress == null ? "unknown" : remoteAddress), key);
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
  }
}
