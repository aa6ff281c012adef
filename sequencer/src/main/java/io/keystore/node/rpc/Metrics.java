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

  /** Adds {@code amount} to a counter. */
  public void add(String name, long amount) {
    counters.computeIfAbsent(name, n -> new LongAdder()).add(amount);
  }

  /** A metric's name with one label, e.g. {@code name{worker="w1"}}. */
  public static String labelled(String name, String label, String value) {
    return name + "{" + label + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
  }

  /** The text exposition format: one TYPE line per metric, before its samples (labelled or not). */
  public String scrape() {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(counters).forEach(new Writer(sb, "counter")::sample);
    Writer g = new Writer(sb, "gauge");
    new TreeMap<>(gauges).forEach((n, v) -> g.sample(n, v.getAsLong()));
    return sb.toString();
  }

  private static final class Writer {
    private final StringBuilder sb;
    private final String type;
    private String last = "";

    Writer(StringBuilder sb, String type) {
      this.sb = sb;
      this.type = type;
    }

    void sample(String name, LongAdder value) {
      sample(name, value.sum());
    }

    void sample(String name, long value) {
      int brace = name.indexOf('{');
      String base = brace < 0 ? name : name.substring(0, brace);
      if (!base.equals(last)) {
        sb.append("# TYPE ").append(base).append(' ').append(type).append('\n');
        last = base;
      }
      sb.append(name).append(' ').append(value).append('\n');
    }
  }
}
