package io.github.loopbackfastpath.unix;

/**
 * A configured Unix-socket path that the starter cannot or must not use. Startup stops
 * with it, and its failure analysis names the property and the fix.
 */
public class UnixSocketPathException extends RuntimeException {

	private final String property;

	private final String value;

	private final String problem;

	private final String action;

	/**
	 * Creates the exception.
	 * @param property the configuration property that holds the path
	 * @param value the configured value
	 * @param problem what is wrong with it
	 * @param action what to do about it
	 */
	public UnixSocketPathException(String property, String value, String problem, String action) {
		super(property + "=" + value + ": " + problem);
		this.property = property;
		this.value = value;
		this.problem = problem;
		this.action = action;
	}

	/**
	 * The configuration property that holds the path.
	 * @return for example {@code loopback.fastpath.unix.server.path}
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * The configured value.
	 * @return the value
	 */
	public String getValue() {
		return this.value;
	}

	/**
	 * What is wrong with the value.
	 * @return a sentence
	 */
	public String getProblem() {
		return this.problem;
	}

	/**
	 * What to do about it.
	 * @return a sentence
	 */
	public String getAction() {
		return this.action;
	}

}
