package io.github.loopbackfastpath.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.MinMaxCategoryRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Ratios with their confidence intervals, drawn by JFreeChart and written as PNG: for
 * each category a dot at the ratio and a vertical bar from the low to the high end of its
 * interval, with a line at 1 (no difference) and a labelled line for each target. The
 * range axis does not start at zero, so that differences of a few percent stay visible.
 */
public final class RatioChart {

	private static final String LOW = "95% CI low";

	private static final String HIGH = "95% CI high";

	private final String title;

	private final String yLabel;

	private final DefaultCategoryDataset dataset = new DefaultCategoryDataset();

	private final Map<Double, String> lines = new LinkedHashMap<>();

	/**
	 * Creates an empty chart.
	 * @param title the title
	 * @param yLabel the label of the ratio axis
	 */
	public RatioChart(String title, String yLabel) {
		this.title = title;
		this.yLabel = yLabel;
	}

	/**
	 * Adds one ratio.
	 * @param category the category on the x axis
	 * @param interval the ratio and its interval
	 * @return this chart
	 */
	public RatioChart ratio(String category, Bootstrap.Interval interval) {
		this.dataset.setValue(interval.low(), LOW, category);
		this.dataset.setValue(interval.ratio(), "ratio", category);
		this.dataset.setValue(interval.high(), HIGH, category);
		return this;
	}

	/**
	 * Adds a labelled horizontal line, for a target.
	 * @param value where the line is
	 * @param label its label
	 * @return this chart
	 */
	public RatioChart line(double value, String label) {
		this.lines.put(value, label);
		return this;
	}

	/**
	 * Writes the chart.
	 * @param file the PNG file
	 * @throws IOException when it cannot be written
	 */
	public void write(Path file) throws IOException {
		JFreeChart chart = ChartFactory.createLineChart(this.title, null, this.yLabel, this.dataset,
				PlotOrientation.VERTICAL, true, false, false);
		CategoryPlot plot = chart.getCategoryPlot();
		BarChart.style(chart, plot);
		MinMaxCategoryRenderer renderer = new MinMaxCategoryRenderer();
		renderer.setDrawLines(false);
		renderer.setGroupStroke(new BasicStroke(2f));
		renderer.setGroupPaint(new Color(0x4C72B0));
		plot.setRenderer(renderer);
		plot.getRangeAxis().setAutoRange(true);
		((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
		plot.addRangeMarker(BarChart.marker(1, "1 = no difference"));
		for (Map.Entry<Double, String> line : this.lines.entrySet()) {
			plot.addRangeMarker(BarChart.marker(line.getKey(), line.getValue()));
		}
		// Wide enough that 30 categories (six client/server pairs, five metrics)
		// stay readable.
		int width = Math.max(1200, 55 * plot.getCategories().size());
		ChartUtils.saveChartAsPNG(file.toFile(), chart, width, 700);
	}

}
