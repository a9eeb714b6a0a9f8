package io.github.loopbackfastpath.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * A grouped bar chart drawn by JFreeChart and written as PNG: each group is an x-axis
 * category, each series one bar per group with its value printed above it, and optional
 * horizontal lines for targets.
 */
public final class BarChart {

	private static final int WIDTH = 1200;

	private static final int HEIGHT = 650;

	private final String title;

	private final String yLabel;

	private final DefaultCategoryDataset dataset = new DefaultCategoryDataset();

	private final Map<Double, String> lines = new LinkedHashMap<>();

	/**
	 * Creates an empty chart.
	 * @param title the title
	 * @param yLabel the label of the value axis, with its unit
	 */
	public BarChart(String title, String yLabel) {
		this.title = title;
		this.yLabel = yLabel;
	}

	/**
	 * Sets one bar.
	 * @param group the category on the x axis
	 * @param seriesName the series, shown in the legend
	 * @param value the value
	 * @return this chart
	 */
	public BarChart bar(String group, String seriesName, double value) {
		this.dataset.setValue(value, seriesName, group);
		return this;
	}

	/**
	 * Adds a labelled horizontal line, for a target.
	 * @param value where the line is
	 * @param label its label
	 * @return this chart
	 */
	public BarChart line(double value, String label) {
		this.lines.put(value, label);
		return this;
	}

	/**
	 * Writes the chart.
	 * @param file the PNG file
	 * @throws IOException when it cannot be written
	 */
	public void write(Path file) throws IOException {
		JFreeChart chart = ChartFactory.createBarChart(this.title, null, this.yLabel, this.dataset,
				PlotOrientation.VERTICAL, true, false, false);
		CategoryPlot plot = chart.getCategoryPlot();
		style(chart, plot);
		BarRenderer renderer = (BarRenderer) plot.getRenderer();
		renderer.setBarPainter(new StandardBarPainter());
		renderer.setShadowVisible(false);
		renderer.setItemMargin(0.05);
		renderer
			.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0.#")));
		renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
		renderer.setDefaultItemLabelsVisible(true);
		for (Map.Entry<Double, String> line : this.lines.entrySet()) {
			plot.addRangeMarker(marker(line.getKey(), line.getValue()));
		}
		ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
	}

	static void style(JFreeChart chart, CategoryPlot plot) {
		chart.setBackgroundPaint(Color.WHITE);
		plot.setBackgroundPaint(Color.WHITE);
		plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
		// Category names such as "restclient-hc5→tomcat" are long; let them use
		// more room.
		plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(1.5f);
		if (plot.getCategories().size() > 6) {
			plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
		}
	}

	static ValueMarker marker(double value, String label) {
		ValueMarker marker = new ValueMarker(value, new Color(0xC44E52),
				new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 6, 4 }, 0));
		marker.setLabel(label);
		marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
		marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
		return marker;
	}

}
