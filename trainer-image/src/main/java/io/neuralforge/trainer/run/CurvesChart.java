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

/** curves.png: loss and accuracy per epoch, training beside validation, drawn headless. */
public final class CurvesChart {
  private static final Color TRAIN = new Color(0x1f77b4);
  private static final Color VALIDATION = new Color(0xff7f0e);

  private CurvesChart() {}

  public static void write(String title, List<EpochMetrics> history, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    NumberAxis epochs = new NumberAxis("epoch");
    epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
    plot.setGap(12);
    plot.add(panel("loss", history, EpochMetrics::trainLoss, EpochMetrics::validationLoss), 1);
    plot.add(
        panel("accuracy", history, EpochMetrics::trainAccuracy, EpochMetrics::validationAccuracy),
        1);
    JFreeChart chart = new JFreeChart(title, new Font("DejaVu Sans", Font.BOLD, 16), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 640);
  }

  private static XYPlot panel(
      String name,
      List<EpochMetrics> history,
      ToDoubleFunction<EpochMetrics> train,
      ToDoubleFunction<EpochMetrics> validation) {
    XYSeries trainSeries = new XYSeries("training " + name);
    XYSeries validationSeries = new XYSeries("validation " + name);
    for (EpochMetrics m : history) {
      trainSeries.add(m.epoch(), train.applyAsDouble(m));
      validationSeries.add(m.epoch(), validation.applyAsDouble(m));
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(trainSeries);
    data.addSeries(validationSeries);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, TRAIN);
    renderer.setSeriesPaint(1, VALIDATION);
    renderer.setSeriesStroke(0, new BasicStroke(2f));
    renderer.setSeriesStroke(1, new BasicStroke(2f));
    NumberAxis axis = new NumberAxis(name);
    axis.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(data, null, axis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }
}
