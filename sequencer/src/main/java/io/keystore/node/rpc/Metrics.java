package io.keystore.node.rpc;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** Counters and gauges in the Prometheus text format. */
public final class Metrics {

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

  public void increment(String name) {
    counters.computeIfAbsent(name, n -> new LongAdder()).increment();
  }

  /** Declares a counter, so that it is scraped (as 0) before its first increment. */
  public void counter(String name) {
    counters.computeIfAbsent(name, n -> new LongAdder());
  }

  public void gauge(String name, LongSupplier value) {
    gauges.put(name, value);
  }

  /** The text exposition format. */
  public String scrape() {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(counters)
        .forEach(
            (n, v) ->
                sb.append("# TYPE ")
                    .append(n)
                    .append(" counter\n")
                    .append(n)
                    .append(' ')
                    .append(v.sum())
                    .append('\n'));
    new TreeMap<>(gauges)
        .forEach(
            (n, v) ->
                sb.append("# TYPE ")
                    .append(n)
                    .append(" gauge\n")
                    .append(n)
                    .append(' ')
                    .append(v.getAsLong())
                    .append('\n'));
    return sb.toString();
  }
}
