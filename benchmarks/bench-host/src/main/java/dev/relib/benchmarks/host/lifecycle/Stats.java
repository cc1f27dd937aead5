package dev.relib.benchmarks.host.lifecycle;

import dev.relib.benchmarks.host.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Samples of one measurement in ms: the first (cold) one apart, then median and p90 of the rest. */
final class Stats {
  private final List<Double> samples = new ArrayList<>();

  void add(double millis) {
    samples.add(millis);
  }

  void addNanos(long nanos) {
    add(nanos / 1e6);
  }

  int count() {
    return samples.size();
  }

  /** The first sample: a cold one (first load of the classes involved, JIT not warmed up). */
  double cold() {
    return samples.isEmpty() ? Double.NaN : samples.get(0);
  }

  private double[] warm() {
    List<Double> warm = samples.size() > 1 ? samples.subList(1, samples.size()) : samples;
    double[] values = warm.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(values);
    return values;
  }

  /** The median of the warm samples. */
  double median() {
    return percentile(0.5);
  }

  /** The 90th percentile of the warm samples (nearest rank). */
  double p90() {
    return percentile(0.9);
  }

  double max() {
    double[] values = warm();
    return values.length == 0 ? Double.NaN : values[values.length - 1];
  }

  private double percentile(double p) {
    double[] values = warm();
    if (values.length == 0) {
      return Double.NaN;
    }
    if (p == 0.5) {
      int mid = values.length / 2;
      return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
    int rank = (int) Math.ceil(p * values.length);
    return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
  }

  /** "median / p90 (cold c)" in ms. */
  String cell() {
    return ms(median()) + " / " + ms(p90()) + " (cold " + ms(cold()) + ")";
  }

  static String ms(double millis) {
    return Table.fixed(millis, millis < 10 ? 2 : 1);
  }
}
