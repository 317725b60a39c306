package io.neuralforge.cli;

import io.neuralforge.api.v1alpha1.HistoryPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code compare --curves}: every run's validation accuracy and validation loss per epoch, one
 * colour per run in both panels, over one epoch axis, drawn headless.
 */
final class CurvesOverlay {
  static final int WIDTH = 1000;
  static final int HEIGHT = 700;

  /** matplotlib's tab10: ten colours people tell apart; past ten, lines turn dashed. */
  private static final Color[] COLOURS = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    new Color(0xbcbd22), new Color(0x17becf)
  };

  private static final Font TITLE = new Font("DejaVu Sans", Font.BOLD, 18);
  private static final Font SUBTITLE = new Font("DejaVu Sans", Font.PLAIN, 12);
  private static final Font LEGEND = new Font("DejaVu Sans", Font.PLAIN, 13);
  private static final Font STOP_MARK = new Font("DejaVu Sans", Font.BOLD, 14);

  /** One marker for every run: colour tells runs apart, not shape. */
  private static final Shape MARKER = new Ellipse2D.Double(-3, -3, 6, 6);

  /** Markers help read a few epochs; over many they only blot the line. */
  private static final int MARKERS_UP_TO_EPOCHS = 30;

  private CurvesOverlay() {}

  /**
   * @param runs best first: the legend keeps their order
   */
  static void write(String title, String subtitle, List<RunFacts> runs, Path png)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    NumberAxis epochs = new NumberAxis("epoch");
    epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    epochs.setAutoRangeIncludesZero(false); // epochs count from 1
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
    plot.setGap(14);
    plot.add(panel("validation accuracy", runs, p -> p.validationAccuracy, true), 1);
    plot.add(panel("validation loss", runs, p -> p.validationLoss, false), 1);
    JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
    if (subtitle != null) {
      chart.addSubtitle(new TextTitle(subtitle, SUBTITLE));
    }
    chart.getLegend().setPosition(runs.size() > 6 ? RectangleEdge.RIGHT : RectangleEdge.BOTTOM);
    chart.getLegend().setItemFont(LEGEND);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
  }

  private static XYPlot panel(
      String name, List<RunFacts> runs, Function<HistoryPoint, Double> value, boolean inLegend) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < runs.size(); i++) {
      // every run gets a series, even an empty one, so that run i has colour i in both panels
      RunFacts run = runs.get(i);
      XYSeries series =
          new XYSeries(
              run.stoppedAtEpoch() == null
                  ? run.name()
                  : run.name() + " (stopped at " + run.stoppedAtEpoch() + ")",
              true,
              false);
      for (HistoryPoint p : runs.get(i).history()) {
        Double v = value.apply(p);
        if (p.epoch != null && v != null && Double.isFinite(v)) {
          series.addOrUpdate(p.epoch.doubleValue(), v.doubleValue());
        }
      }
      data.addSeries(series);
      stopMark(run, series, colour(i)).ifPresent(renderer::addAnnotation);
      renderer.setSeriesPaint(i, colour(i));
      renderer.setSeriesStroke(i, stroke(i));
      renderer.setSeriesShape(i, MARKER);
      renderer.setSeriesShapesVisible(i, series.getItemCount() <= MARKERS_UP_TO_EPOCHS);
      // both panels hold the same runs: one legend entry each
      renderer.setSeriesVisibleInLegend(i, inLegend && series.getItemCount() > 0);
    }
    NumberAxis axis = new NumberAxis(name);
    axis.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(data, null, axis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }

  /** A cross where a run stopped early ended: its last point. */
  private static Optional<XYTextAnnotation> stopMark(RunFacts run, XYSeries series, Paint paint) {
    if (run.stoppedAtEpoch() == null || series.getItemCount() == 0) {
      return Optional.empty();
    }
    int last = series.getItemCount() - 1;
    XYTextAnnotation mark =
        new XYTextAnnotation(
            "\u2715", series.getX(last).doubleValue(), series.getY(last).doubleValue());
    mark.setFont(STOP_MARK);
    mark.setPaint(paint);
    return Optional.of(mark);
  }

  private static Paint colour(int run) {
    return COLOURS[run % COLOURS.length];
  }

  private static Stroke stroke(int run) {
    int round = run / COLOURS.length;
    if (round == 0) {
      return new BasicStroke(2f);
    }
    float dash = 4f * (round + 1);
    return new BasicStroke(
        2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {dash, 4f}, 0f);
  }
}
