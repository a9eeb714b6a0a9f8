package io.github.loopbackfastpath.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * A grouped bar chart written as PNG with Java 2D, so that plotting needs nothing beyond the
 * JDK (no Python, no plotting library on the CI machine). Each group is an x-axis category;
 * each series is one bar per group, with its value printed above it.
 */
public final class BarChart {

	private static final Color[] COLORS = { new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868),
			new Color(0xC44E52), new Color(0x8172B3) };

	private final String title;

	private final String yLabel;

	private final List<String> groups = new ArrayList<>();

	private final Map<String, Map<String, Double>> series = new LinkedHashMap<>();

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
		if (!this.groups.contains(group)) {
			this.groups.add(group);
		}
		this.series.computeIfAbsent(seriesName, (name) -> new LinkedHashMap<>()).put(group, value);
		return this;
	}

	/**
	 * Draws a dashed horizontal line, for a target.
	 * @param value where
	 * @param label what it is
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
		int width = Math.max(640, 120 + this.groups.size() * (40 + 34 * this.series.size()));
		int height = 420;
		int left = 80;
		int right = width - 20;
		int top = 60;
		int bottom = height - 70;
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		g.setColor(Color.BLACK);
		// Long titles shrink to fit the width instead of running off the image.
		int titleSize = 15;
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, titleSize));
		while (titleSize > 9 && g.getFontMetrics().stringWidth(this.title) > width - 2 * 10) {
			titleSize--;
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, titleSize));
		}
		g.drawString(this.title, 10, 25);
		double max = 0;
		double min = 0;
		for (Map<String, Double> values : this.series.values()) {
			for (double value : values.values()) {
				max = Math.max(max, value);
				min = Math.min(min, value);
			}
		}
		for (double value : this.lines.keySet()) {
			max = Math.max(max, value);
			min = Math.min(min, value);
		}
		max = (max <= 0) ? ((min < 0) ? 0 : 1) : niceCeiling(max * 1.12);
		min = (min < 0) ? -niceCeiling(-min * 1.12) : 0;
		Scale scale = new Scale(min, max, top, bottom);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		FontMetrics metrics = g.getFontMetrics();
		for (int i = 0; i <= 5; i++) {
			double value = min + (max - min) * i / 5;
			int y = scale.y(value);
			g.setColor(new Color(0xE5E5E5));
			g.drawLine(left, y, right, y);
			g.setColor(Color.DARK_GRAY);
			String text = number(value);
			g.drawString(text, left - 6 - metrics.stringWidth(text), y + 4);
		}
		Graphics2D rotated = (Graphics2D) g.create();
		rotated.rotate(-Math.PI / 2);
		rotated.drawString(this.yLabel, -(top + bottom) / 2 - metrics.stringWidth(this.yLabel) / 2, 16);
		rotated.dispose();
		int groupWidth = (right - left) / Math.max(1, this.groups.size());
		int barWidth = Math.max(8, Math.min(40, (groupWidth - 20) / Math.max(1, this.series.size())));
		int s = 0;
		for (Map.Entry<String, Map<String, Double>> entry : this.series.entrySet()) {
			Color color = COLORS[s % COLORS.length];
			for (int i = 0; i < this.groups.size(); i++) {
				Double value = entry.getValue().get(this.groups.get(i));
				if (value == null || value.isNaN()) {
					continue;
				}
				int x = left + i * groupWidth + (groupWidth - barWidth * this.series.size()) / 2 + s * barWidth;
				int y = scale.y(value);
				int zero = scale.y(0);
				g.setColor(color);
				g.fillRect(x, Math.min(y, zero), barWidth - 2, Math.abs(zero - y));
				g.setColor(Color.BLACK);
				String text = number(value);
				int textY = (value >= 0) ? y - 3 : y + 12;
				g.drawString(text, x + (barWidth - 2) / 2 - metrics.stringWidth(text) / 2, textY);
			}
			int legendX = left + s * 170;
			g.setColor(color);
			g.fillRect(legendX, 36, 12, 12);
			g.setColor(Color.BLACK);
			g.drawString(entry.getKey(), legendX + 16, 46);
			s++;
		}
		g.setColor(Color.BLACK);
		g.drawLine(left, scale.y(0), right, scale.y(0));
		for (int i = 0; i < this.groups.size(); i++) {
			String text = this.groups.get(i);
			int center = left + i * groupWidth + groupWidth / 2;
			g.drawString(text, center - metrics.stringWidth(text) / 2, bottom + 32);
		}
		g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 6, 4 }, 0));
		for (Map.Entry<Double, String> line : this.lines.entrySet()) {
			int y = scale.y(line.getKey());
			g.setColor(new Color(0xB00020));
			g.drawLine(left, y, right, y);
			g.drawString(line.getValue(), right - metrics.stringWidth(line.getValue()), y - 4);
		}
		g.dispose();
		ImageIO.write(image, "png", file.toFile());
	}

	private record Scale(double min, double max, int top, int bottom) {

		int y(double value) {
			return this.bottom - (int) Math.round((this.bottom - this.top) * (value - this.min) / (this.max - this.min));
		}

	}

	private static double niceCeiling(double value) {
		double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
		for (double step : new double[] { 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 }) {
			if (step * magnitude >= value) {
				return step * magnitude;
			}
		}
		return 10 * magnitude;
	}

	private static String number(double value) {
		if (value == 0) {
			return "0";
		}
		if (Math.abs(value) >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (Math.abs(value) >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
	}

}
