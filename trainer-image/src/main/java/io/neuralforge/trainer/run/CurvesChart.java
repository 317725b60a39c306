package io.neuralforge.trainer.run;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * curves.png: per epoch, loss and accuracy (training beside validation), the learning rate at the
 * epoch's end and the gradient norm (mean over the epoch), one panel each over one epoch axis,
 * drawn headless.
 */
public final class CurvesChart {
  public static final int WIDTH = 900;
  public static final int HEIGHT = 960;

  private static final Color TRAIN = new Color(0x1f77b4);
  private static final Color VALIDATION = new Color(0xff7f0e);
  private static final Color LEARNING_RATE = new Color(0x2ca02c);
  private static final Color GRADIENT_NORM = new Color(0x9467bd);

  private CurvesChart() {}

  /** A line: its legend, its figure per epoch and its colour. */
  private record Line(String name, ToDoubleFunction<EpochMetrics> value, Color color) {}

  public static void write(String title, List<EpochMetrics> history, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    NumberAxis epochs = new NumberAxis("epoch");
    epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    if (!history
        .isEmpty()) { // half an epoch either side: no tick before the first or after the last
      epochs.setRange(history.get(0).epoch() - 0.5, history.get(history.size() - 1).epoch() + 0.5);
    }
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
    plot.setGap(14);
    plot.add(
        panel(
            "loss",
            false,
            history,
            new Line("training loss", EpochMetrics::trainLoss, TRAIN),
            new Line("validation loss", EpochMetrics::validationLoss, VALIDATION)),
        3);
    plot.add(
        panel(
            "accuracy",
            false,
            history,
            new Line("training accuracy", EpochMetrics::trainAccuracy, TRAIN),
            new Line("validation accuracy", EpochMetrics::validationAccuracy, VALIDATION)),
        3);
    plot.add(
        panel(
            "learning rate",
            true,
            history,
            new Line("learning rate (end of epoch)", EpochMetrics::learningRate, LEARNING_RATE)),
        2);
    plot.add(
        panel(
            "gradient norm",
            true,
            history,
            new Line(
                "gradient norm (L2, mean over the epoch)",
                EpochMetrics::gradientNorm,
                GRADIENT_NORM)),
        2);
    JFreeChart chart = new JFreeChart(title, new Font("DejaVu Sans", Font.BOLD, 16), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
  }

  /** One panel; a figure that is not finite (not measured) leaves a gap. */
  private static XYPlot panel(
      String name, boolean fromZero, List<EpochMetrics> history, Line... lines) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < lines.length; i++) {
      XYSeries series = new XYSeries(lines[i].name());
      for (EpochMetrics m : history) {
        double v = lines[i].value().applyAsDouble(m);
        if (Double.isFinite(v)) {
          series.add(m.epoch(), v);
        }
      }
      data.addSeries(series);
      renderer.setSeriesPaint(i, lines[i].color());
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    NumberAxis axis = new NumberAxis(name);
    axis.setAutoRangeIncludesZero(fromZero);
    XYPlot plot = new XYPlot(data, null, axis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }
}
