package io.keystore.node.core;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What stops the node from doing its job, by component: a stage that found a condition it must not
 * work through (the databases and L1 disagree, a batch whose submission would revert, ...) records
 * it here with a reason an operator can act on, and clears it once resolved. The node is ready only
 * while nothing is recorded; {@code /readiness} lists the reasons.
 */
public final class NodeHealth {

  private final Map<String, String> problems = new ConcurrentSkipListMap<>();

  /** Records (or replaces) the problem of {@code component}. */
  public void degrade(String component, String reason) {
    problems.put(component, reason);
  }

  /** The component works again. */
  public void clear(String component) {
    problems.remove(component);
  }

  /** The current problems, by component (empty when healthy). */
  public Map<String, String> problems() {
    return Map.copyOf(problems);
  }

  /** The reason recorded for {@code component}, if any. */
  public java.util.Optional<String> problem(String component) {
    return java.util.Optional.ofNullable(problems.get(component));
  }

  public boolean healthy() {
    return problems.isEmpty();
  }
}
